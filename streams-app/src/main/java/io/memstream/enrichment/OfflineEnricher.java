package io.memstream.enrichment;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.enrichment.DateResolver.ResolvedPhrase;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The enricher that needs nothing installed: fixed English rules, no network, no model. It is the default of the
 * embedded runtime and of tests, and gives the same memories for the same batch every time, so a replay after a
 * crash writes the same records under the same ids.
 *
 * <p>Only USER messages of type MESSAGE are read. Each is split into sentences, and a sentence becomes a memory when
 * <ul>
 *   <li>a rule of the rule table ({@code RULES}) finds a first-person statement in it (a fact, preference, plan
 *       or relation of the user); the first matching rule gives the category and base importance,</li>
 *   <li>it is not a question and at most {@value #MAX_SENTENCE_LENGTH} characters long, and</li>
 *   <li>the words outside the rule's match say something concrete: "I love it" or "Thanks, I need that" do not.</li>
 * </ul>
 * Memories of one batch are deduplicated by {@link MemoryIds#of}: the first sentence wins and repeats add
 * their message ids and widen first/last seen. At most {@value #MAX_MEMORIES_PER_BATCH} are kept: the most
 * important ones (earlier first on ties), returned in the order they were written.
 */
public final class OfflineEnricher implements Enricher {

    public static final String MODEL = "offline";
    public static final String PROMPT_VERSION = "offline-rules-v1";
    public static final int MAX_MEMORIES_PER_BATCH = 10;
    /** Longer sentences are pasted documents or code rather than statements about the user. */
    public static final int MAX_SENTENCE_LENGTH = 400;
    public static final String PERSONA_METADATA_KEY = MemoryFields.PERSONA_METADATA_KEY;
    public static final String DEFAULT_PERSONA = MemoryFields.DEFAULT_PERSONA;

    private static final String PREFERENCE = "preference";
    private static final String PERSONAL_INFO = "personal_info";
    private static final String RELATIONSHIP = "relationship";
    private static final String PLAN = "plan";
    private static final String WORK = "work";
    private static final String HEALTH = "health";
    private static final String OTHER = "other";

    private static final double CONFIDENCE = 0.6;
    private static final double HEDGED_CONFIDENCE = 0.4;
    private static final int MAX_IMPORTANCE = 10;
    private static final int MAX_TAGS = 10;

    /** A relation the user can have, with an optional qualifier ("my best friend"); group 1 is the relation. */
    static final String RELATION = "(?:(?:best|older|younger|little|big|ex) )?"
            + "(wife|husband|sister|brother|mother|mom|mum|father|dad|son|daughter|friend|boss|partner"
            + "|girlfriend|boyfriend|dog|cat)";
    /** Adverbs and negations allowed between "I" and a preference verb. */
    private static final String QUALIFIERS =
            "(?:(?:really|also|absolutely|just|totally|truly|still|actually|always|never|don't|do not) ){0,2}";

    /**
     * One way of recognising a statement about the user. The words of the sentence outside the match are its
     * detail and must be concrete; a lookahead keeps a word that carries the fact ("diabetic", "meeting") in the
     * detail. In a pattern a space stands for any whitespace run and "I'm" also matches "I am"; patterns are
     * case-insensitive and bounded by word boundaries.
     */
    private record Rule(String category, int baseImportance, Pattern pattern) {
        Rule(String category, int baseImportance, String regex) {
            this(category, baseImportance, Pattern.compile(
                    "\\b(?:" + regex.replace("I'm", "I(?:'m| am)").replace(" ", "\\s+") + ")\\b", CASE_INSENSITIVE));
        }
    }

    /** The rule set, most specific first: the first rule that occurs in a sentence classifies it. */
    private static final List<Rule> RULES = List.of(
            new Rule(HEALTH, 9, "I'm (?:(?:very|severely|deathly|also) )?allergic"),
            new Rule(HEALTH, 8, "I'm (?=diabetic|pregnant|asthmatic|epileptic|celiac|coeliac|lactose intolerant"
                    + "|gluten intolerant)"),
            new Rule(HEALTH, 8, "I have (?=asthma|diabetes|epilepsy|celiac disease|coeliac disease"
                    + "|high blood pressure|an? (?:\\w+ )?allergy)"),
            new Rule(PERSONAL_INFO, 8, "my name is|call me (?=(?-i:\\p{Lu}))"),
            new Rule(PERSONAL_INFO, 7, "my birthday"),
            new Rule(PLAN, 6, "I(?: have|'ve got) (?=(?:a|an|my) (?:\\w+ )?(?:meeting|appointment|flight|interview"
                    + "|exam|test|trip|date|call|surgery|deadline)\\b)"),
            new Rule(PLAN, 6, "remind me to"),
            new Rule(PLAN, 5, "I'm (?:going to|gonna|planning|meeting|seeing|visiting|flying|travell?ing|leaving)"
                    + "|I (?:will|plan to|intend to)|I'll"),
            new Rule(WORK, 6, "I work (?:at|as|for|in|on)|I'm (?:working|employed) (?:at|as|for)"),
            new Rule(PERSONAL_INFO, 6, "I (?:live|grew up) in|I (?:just |recently )?moved to|I'm from"),
            new Rule(RELATIONSHIP, 6, "my " + RELATION),
            new Rule(PREFERENCE, 5, "I " + QUALIFIERS + "(?:like|love|prefer|hate|dislike|enjoy|adore)"
                    + "|I'd (?:really )?(?:like|love|prefer)"),
            new Rule(PREFERENCE, 4, "I " + QUALIFIERS + "(?:want|need)"),
            new Rule(PERSONAL_INFO, 5, "I'm an? (?!(?:bit|little|lot)\\b)"),
            new Rule(OTHER, 4, "I (?:own|speak|play|study|used to)|I'm learning|I(?:'ve| have) been to"
                    + "|I have (?=(?:a|an|one|two|three|four|five|\\d+) (?!(?:question|problem|idea|minute|second"
                    + "|moment|doubt|feeling)\\b))"));

    /** Words that say nothing on their own: a rule match with only these around it is no memory ("I love it"). */
    private static final Set<String> VAGUE_WORDS = Set.of(
            "a", "about", "actually", "again", "all", "also", "an", "and", "at", "be", "but", "check", "do", "for",
            "get", "go", "haha", "hello", "help", "here", "hey", "hi", "honestly", "in", "it", "just", "later", "lol",
            "lot", "me", "more", "much", "my", "no", "now", "of", "oh", "ok", "okay", "on", "one", "please", "really",
            "see", "so", "something", "stuff", "sure", "thank", "thanks", "that", "the", "them", "then", "there",
            "these", "things", "think", "this", "those", "to", "too", "try", "very", "well", "with", "wow", "yeah",
            "yes", "you", "your");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final Pattern QUESTION = Pattern.compile("\\?[^\\p{L}\\p{N}]*$");
    private static final Pattern HEDGE = Pattern.compile(
            "\\b(?:maybe|perhaps|probably|possibly|might|i think|i guess|i suppose|not sure)\\b", CASE_INSENSITIVE);

    @Override
    public List<EnhancedMemory> enrich(MessageBatch batch) {
        Map<String, EnhancedMemory> byId = new LinkedHashMap<>();
        for (ChatMessage message : batch.getMessages()) {
            if (!isSource(message)) {
                continue;
            }
            for (String sentence : Sentences.split(message.getContent())) {
                memoryOf(sentence, message, batch).ifPresent(
                        memory -> byId.merge(memory.getMemoryId(), memory, MemoryFields::merged));
            }
        }
        return mostImportant(List.copyOf(byId.values()));
    }

    @Override
    public String model() {
        return MODEL;
    }

    private static boolean isSource(ChatMessage message) {
        return message.getRole() == Role.USER && message.getType() == MessageType.MESSAGE
                && message.getContent() != null;
    }

    private static Optional<EnhancedMemory> memoryOf(String sentence, ChatMessage message, MessageBatch batch) {
        String content = sentence.strip();
        if (content.isEmpty() || content.length() > MAX_SENTENCE_LENGTH || QUESTION.matcher(content).find()) {
            return Optional.empty();
        }
        // Typographic apostrophes ("I’m") read like ASCII ones; same length, so indices stay valid in content.
        String text = content.replace('\u2019', '\'');
        for (Rule rule : RULES) {
            Matcher match = rule.pattern().matcher(text);
            if (match.find()) {
                return isConcrete(text.substring(0, match.start()) + " " + text.substring(match.end()))
                        ? Optional.of(memory(content, text, rule, message, batch))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isConcrete(String rest) {
        return Stream.of(WORD_SEPARATORS.split(rest))
                .anyMatch(word -> !word.isEmpty() && !VAGUE_WORDS.contains(word.toLowerCase(Locale.ROOT)));
    }

    private static EnhancedMemory memory(String content, String text, Rule rule, ChatMessage message,
            MessageBatch batch) {
        Instant writtenAt = message.getTimestamp();
        ZoneId zone = DateResolver.zoneOrUtc(message.getTimezone());
        List<ResolvedPhrase> dates = DateResolver.resolve(content, writtenAt, message.getTimezone());
        Mentions mentions = Mentions.in(text, content, dates);
        boolean hedged = HEDGE.matcher(text).find();
        return EnhancedMemory.newBuilder()
                .setMemoryId(MemoryIds.of(batch.getUserId(), batch.getBatchId(), content))
                .setUserId(batch.getUserId())
                .setAgentId(batch.getAgentId())
                .setSessionId(batch.getSessionId())
                .setContent(content)
                .setSummary(ThirdPerson.rewrite(text))
                .setCategory(rule.category())
                .setPersona(MemoryFields.persona(message, batch))
                .setImportance(Math.min(MAX_IMPORTANCE, rule.baseImportance() + (dates.isEmpty() ? 0 : 1)))
                .setQualityScore(qualityScore(text, mentions, hedged))
                .setConfidence(hedged ? HEDGED_CONFIDENCE : CONFIDENCE)
                .setEntities(new ArrayList<>(mentions.entities()))
                .setDates(new ArrayList<>(dates.stream().map(ResolvedPhrase::toResolvedDate).toList()))
                .setPeople(new ArrayList<>(mentions.people()))
                .setTags(new ArrayList<>(tags(rule.category(), mentions)))
                .setEmbedding(null)
                .setBatchIds(new ArrayList<>(List.of(batch.getBatchId())))
                .setSourceMessageIds(new ArrayList<>(List.of(message.getMessageId())))
                .setReinforcementCount(1)
                .setFirstSeen(writtenAt)
                .setLastSeen(writtenAt)
                .setExpiresAt(null)
                .setValidUntil(PLAN.equals(rule.category()) ? MemoryFields.validUntil(dates, zone) : null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel(MODEL)
                .setPromptVersion(PROMPT_VERSION)
                .build();
    }

    /** 2 for any memory, +1 for six words or more, +1 for a named entity, +1 for a date, -1 when hedged. */
    private static int qualityScore(String text, Mentions mentions, boolean hedged) {
        int words = (int) Stream.of(WORD_SEPARATORS.split(text)).filter(word -> !word.isEmpty()).count();
        boolean named = mentions.entities().stream().anyMatch(entity -> !Mentions.DATE.equals(entity.getType()));
        boolean dated = mentions.entities().stream().anyMatch(entity -> Mentions.DATE.equals(entity.getType()));
        return 2 + (words >= 6 ? 1 : 0) + (named ? 1 : 0) + (dated ? 1 : 0) - (hedged ? 1 : 0);
    }

    /** The category first, then as many entity texts and relation words as fit, all sorted. */
    private static List<String> tags(String category, Mentions mentions) {
        TreeSet<String> keywords = new TreeSet<>(mentions.relations());
        mentions.entities().forEach(entity -> keywords.add(entity.getText().toLowerCase(Locale.ROOT)));
        keywords.remove(category);
        TreeSet<String> tags = new TreeSet<>();
        tags.add(category);
        keywords.stream().limit(MAX_TAGS - 1).forEach(tags::add);
        return List.copyOf(tags);
    }

    private static List<EnhancedMemory> mostImportant(List<EnhancedMemory> inTextOrder) {
        return IntStream.range(0, inTextOrder.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -inTextOrder.get(i).getImportance())
                        .thenComparingInt(i -> i))
                .limit(MAX_MEMORIES_PER_BATCH)
                .sorted()
                .map(inTextOrder::get)
                .toList();
    }

}
