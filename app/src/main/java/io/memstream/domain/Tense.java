package io.memstream.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a sentence speaks of the past, which decides where a phrase without a direction points: "on Saturday",
 * "the weekend", "in May", "on the 17th", "May 3" look back in a past-tense sentence and ahead otherwise.
 *
 * <p>{@link #of} is a deliberately small guess from the words, not a parser: past when a past cue appears ("went",
 * "was", "were", "did", "had", a few dozen other common irregular past forms, "ago", "last", "yesterday", or an "-ed"
 * word, though not "-eed" as in "need", right after I/we/he/she/they or after a name: "Daifuku chewed") and no future
 * cue does ("will", "'ll", "going to", "gonna", "plan to", "want to", "tomorrow", "next", "starting", "due",
 * "upcoming", and "booked"/"scheduled"/"reserved"/"signed up"/"asked me to"/"invited us to", which are past verbs about
 * coming days: "I booked a table for Saturday"; and the present of a scheduled move, "I start", "we leave", "she flies", "I'm flying", "we're meeting").
 * {@link DateResolver} asks first about the clause a phrase is in, then, when the clause has no cue, about its
 * sentence, so "I went to Rome in May and I'll go again in June" reads each month its own way. A caller that knows
 * better passes the tense itself.
 */
public enum Tense {
    PAST,
    PRESENT_OR_FUTURE;

    private static final Pattern PAST_CUE = Pattern.compile(
            "\\b(?:went|was|were|did|had|got|came|saw|met|made|took|spent|left|ago|last|yesterday"
                    + "|broke|bought|found|ran|lost|won|told|said|felt|gave|drove|flew|ate|drank|sent|thought|knew"
                    + "|heard|sold|paid|slept|caught|fell|began|became|forgot|woke|wrote|brought|built|taught|threw"
                    + "|chose|wore|sang|swam|rode|stole|hid|froze|grew|drew)\\b"
                    + "|\\b(?:i|we|he|she|they)\\s+(?:just\\s+|already\\s+|finally\\s+|also\\s+)?[a-z]{2,}(?<!e)ed\\b",
            Pattern.CASE_INSENSITIVE);
    /** A name and an "-ed" word ("Aya visited"), case-sensitive; capitalised determiners are no names. */
    private static final Pattern NAME_THEN_PAST = Pattern.compile(
            "\\b(?!(?:The|A|An|My|Our|Your|His|Her|Their|Its|This|That|These|Those|So|Very|Really|Pretty|Super)\\b)"
                    + "\\p{Lu}\\p{Ll}+\\s+[a-z]{2,}(?<!e)ed\\b");
    private static final Pattern FUTURE_CUE = Pattern.compile(
            "\\b(?:will|shall|gonna|going\\s+to|plan(?:ning)?\\s+to|want\\s+to|tomorrow|next"
                    + "|booked|scheduled|reserved|signed\\s+up|starting|starts|due|upcoming|coming\\s+up"
                    + "|(?:asked|invited)\\s+(?:me|us)\\s+to)\\b|['’]ll\\b"
                    + "|\\b(?:i|we|they)\\s+(?:start|begin|leave|move|fly|return|arrive)\\b"
                    + "|\\b(?:he|she)\\s+(?:starts|begins|leaves|moves|flies|returns|arrives)\\b"
                    + "|\\b(?:i|we)(?:['’]m|\\s+am|['’]re|\\s+are)\\s+(?:flying|leaving|heading|driving|meeting|moving|visiting"
                    + "|hosting|throwing|travell?ing|coming|staying|catching|picking|taking|seeing)\\b",
            Pattern.CASE_INSENSITIVE);

    /** The tense a sentence most likely has; see the class comment for the cues. */
    public static Tense of(String sentence) {
        return cued(sentence).orElse(PRESENT_OR_FUTURE);
    }

    /** The tense the cues of this text say, empty when it has none. */
    static Optional<Tense> cued(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (FUTURE_CUE.matcher(text).find()) {
            return Optional.of(PRESENT_OR_FUTURE);
        }
        return PAST_CUE.matcher(text).find() || NAME_THEN_PAST.matcher(text).find() ? Optional.of(PAST) : Optional.empty();
    }
}
