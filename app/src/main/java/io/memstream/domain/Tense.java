package io.memstream.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a sentence speaks of the past, which decides where a phrase without a direction points: "on Saturday",
 * "the weekend", "in May", "on the 17th", "May 3" look back in a past-tense sentence and ahead otherwise.
 *
 * <p>{@link #of} is a deliberately small guess from the words, not a parser: past when a past cue appears ("went",
 * "was", "were", "did", "had", a few dozen other common irregular past forms, "ago", "last", "yesterday", or an "-ed"
 * word, though not "-eed" as in "need", right after I/we/he/she/they, after a name or after "my/our/his/her/their" and a
 * noun: "Daifuku chewed", "my grandma passed away"; "quit" after a pronoun) and no future
 * cue does ("will", "'ll", "going to", "gonna", "plan to", "want to", "tomorrow", "next", "starting", "due",
 * "upcoming", and "booked"/"scheduled"/"reserved"/"signed up"/"asked me to"/"invited us to", which are past verbs about
 * coming days: "I booked a table for Saturday"; and the present of a scheduled move, "I start", "we leave", "she flies", "I'm flying", "we're meeting").
 * {@link DateResolver} asks first about the clause a phrase is in, then, when the clause has no cue, about its
 * sentence, so "I went to Rome in May and I'll go again in June" reads each month its own way. A caller that knows
 * better passes the tense itself. A clause with neither cue that holds something now ("we have a concert on the 29th",
 * "there's a market on Friday") looks ahead, so a past verb in another clause of its sentence does not turn it round.
 */
public enum Tense {
    PAST,
    PRESENT_OR_FUTURE;

    private static final Pattern PAST_CUE = Pattern.compile(
            "\\b(?:went|was|were|did|had|got|came|saw|met|made|took|spent|left|ago|last|yesterday"
                    + "|broke|bought|found|ran|lost|won|told|said|felt|gave|drove|flew|ate|drank|sent|thought|knew"
                    + "|heard|sold|paid|slept|caught|fell|began|became|forgot|woke|wrote|brought|built|taught|threw"
                    + "|chose|wore|sang|swam|rode|stole|hid|froze|grew|drew|tore|kept|sat|held|fed|fought|hung|led|lent"
                    + "|rang|shook|spoke|stood|struck|stuck|swore|dug|sank|wept|meant|learnt|burnt)\\b"
                    + "|\\b(?:i|we|he|she|they)\\s+(?:just\\s+|already\\s+|finally\\s+|also\\s+)?(?:[a-z]{2,}(?<!e)ed|quit)\\b"
                    + "|\\b(?:my|our|his|her|their)\\s+\\p{L}+\\s+[a-z]{2,}(?<!e)ed\\b",
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
    /**
     * A clause told in the present about something held now ("we have a concert on the 29th", "there's a market on
     * Friday"): its phrase looks ahead, whatever a past verb elsewhere in the sentence says.
     */
    private static final Pattern PRESENT_CUE = Pattern.compile(
            "\\b(?:i|we|they|you)\\s+have\\s+(?:a|an|the|my|our|two|three|\\d+)\\b"
                    + "|\\bthere(?:['’]s|\\s+is|\\s+are)\\s+(?:a|an|the|two|three|\\d+)\\b",
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
        if (PAST_CUE.matcher(text).find() || NAME_THEN_PAST.matcher(text).find()) {
            return Optional.of(PAST);
        }
        return PRESENT_CUE.matcher(text).find() ? Optional.of(PRESENT_OR_FUTURE) : Optional.empty();
    }
}
