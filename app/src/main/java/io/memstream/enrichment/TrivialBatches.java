package io.memstream.enrichment;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tells batches with nothing to remember: their user messages are only greetings, thanks, acknowledgements and
 * farewells ("hi", "ok thanks!", "👍", "see you"), or there are no user messages at all. Such batches skip the LLM;
 * any other word, a digit or a name makes the batch worth a call.
 */
public final class TrivialBatches {

    private static final Set<String> SMALL_TALK = Set.of(
            "hi", "hello", "hey", "heya", "hiya", "yo", "morning", "good", "evening", "afternoon", "night", "day",
            "thanks", "thank", "thx", "ty", "cheers", "you", "so", "much", "very", "a", "lot", "great", "awesome",
            "cool", "nice", "perfect", "ok", "okay", "k", "kk", "sure", "yes", "yeah", "yep", "yup", "no", "nope", "nah",
            "alright", "right", "got", "it", "understood", "fine", "np", "welcome", "lol", "haha", "hahaha", "hmm", "oh",
            "ah", "wow", "bye", "goodbye", "see", "later", "ya", "cya", "ttyl", "take", "care", "please", "pls", "there",
            "again", "all", "the", "and", "too", "👍", "🙏", "😊", "🙂", "👋", "❤️");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Punct}]+");

    private TrivialBatches() {
    }

    /** Whether no user message of the batch says anything beyond small talk. */
    public static boolean isTrivial(MessageBatch batch) {
        return batch.getMessages().stream()
                .filter(m -> m.getRole() == Role.USER && m.getType() == MessageType.MESSAGE)
                .allMatch(TrivialBatches::isSmallTalk);
    }

    static boolean isSmallTalk(ChatMessage message) {
        String content = message.getContent();
        if (content == null || content.isBlank()) {
            return true;
        }
        return Stream.of(SEPARATORS.split(content.strip().toLowerCase(Locale.ROOT)))
                .filter(word -> !word.isEmpty())
                .allMatch(SMALL_TALK::contains);
    }
}
