package io.memstream.enrichment;

import java.util.regex.Pattern;

/**
 * Whether a sentence speaks of the past, which decides where a phrase without a direction points: "on Saturday",
 * "the weekend", "in May", "on the 17th", "May 3" look back in a past-tense sentence and ahead otherwise.
 *
 * <p>{@link #of} is a deliberately small guess from the words of the sentence, not a parser: it is past when a
 * past cue appears ("went", "was", "were", "did", "had", a few other common irregular verbs, "ago", "last",
 * "yesterday", or an "-ed" word right after I/we/he/she/they, though not "-eed": "I need") and no future cue does ("will", "'ll", "going to",
 * "gonna", "plan to", "want to", "tomorrow", "next", and "booked"/"scheduled"/"reserved"/"signed up", which are past
 * verbs about coming days: "I booked a table for Saturday"). A caller that knows better passes the tense itself.
 */
public enum Tense {
    PAST,
    PRESENT_OR_FUTURE;

    private static final Pattern PAST_CUE = Pattern.compile(
            "\\b(?:went|was|were|did|had|got|came|saw|met|made|took|spent|left|ago|last|yesterday)\\b"
                    + "|\\b(?:i|we|he|she|they)\\s+(?:just\\s+|already\\s+|finally\\s+|also\\s+)?[a-z]{2,}(?<!e)ed\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FUTURE_CUE = Pattern.compile(
            "\\b(?:will|shall|gonna|going\\s+to|plan(?:ning)?\\s+to|want\\s+to|tomorrow|next"
                    + "|booked|scheduled|reserved|signed\\s+up)\\b|['’]ll\\b",
            Pattern.CASE_INSENSITIVE);

    /** The tense a sentence most likely has; see the class comment for the cues. */
    public static Tense of(String sentence) {
        if (sentence == null || FUTURE_CUE.matcher(sentence).find()) {
            return PRESENT_OR_FUTURE;
        }
        return PAST_CUE.matcher(sentence).find() ? PAST : PRESENT_OR_FUTURE;
    }
}
