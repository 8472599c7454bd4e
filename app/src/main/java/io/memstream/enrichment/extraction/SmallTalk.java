package io.memstream.enrichment.extraction;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Sentences that are conversation rather than information about the user: questions, greetings, thanks and wishes,
 * reactions to and statements about the other party, and promises to keep talking. Rules, because these forms are
 * few and fixed, and a rule cannot mistake "I love how you tell stories" for a preference.
 */
final class SmallTalk {

    /** Asks rather than tells: opens like a question ("how was...", "did you..."). */
    private static final Pattern ASKS = Pattern.compile(
            "^(?:(?:so|and|but|oh|wait|ok|okay)\\W+)*(?:how|what|where|when|why|who|which|whose|any\\s+tips"
                    + "|(?:do|did|does|am|are|were|have|has|can|could|would|will|is|was|should)\\s+(?:you|u|we|they|it|I))\\b",
            CASE_INSENSITIVE);
    private static final Pattern QUESTION_MARK = Pattern.compile("\\?[^\\p{L}\\p{N}]*$");
    private static final Pattern FIRST_PERSON = Pattern.compile("\\b(?:I|I'm|I've|I'll|my|we|we're|our)\\b",
            CASE_INSENSITIVE);
    private static final Pattern CONVERSATIONAL = Pattern.compile(
            "^(?:hi|hey|hello|yo|morning|good\\s+(?:morning|afternoon|evening|night)|thanks|thank\\s+you|thx|ty|bye"
                    + "|goodbye|see\\s+you|see\\s+ya|talk\\s+(?:to\\s+you\\s+)?(?:soon|later)|congrats|congratulations"
                    + "|happy\\s+birthday|take\\s+care|good\\s+luck|cheers|wow|aw+|omg|lol|haha\\w*|sounds|that's|that\\s+is"
                    + "|that\\s+was|that\\s+sounds|same|me\\s+too|totally|absolutely|exactly|indeed|agreed|sure|okay|ok"
                    + "|nice|cool|awesome|great|amazing|glad|sorry|no\\s+worries|hope\\s+you|wishing\\s+you|merry|hola"
                    + "|happy\\s+(?:new\\s+year|holidays|belated)|guess\\s+(?:what|who)|quick\\s+question"
                    + "|I\\s+have\\s+(?:some\\s+)?(?:news|a\\s+question)|I\\s+need\\s+(?:your\\s+|some\\s+)?help"
                    + "|I\\s+have\\s+to\\s+(?:run|go)|wish\\s+me\\s+luck|fingers\\s+crossed|so\\s+much\\s+(?:news|to\\s+tell|has\\s+happened|going\\s+on))\\b"
                    + "|\\bit\\s+is\\W*$",
            CASE_INSENSITIVE);
    /** The other party as subject, or as the object of the user's feeling: a reaction or a statement about them. */
    private static final Pattern ABOUT_THE_OTHER = Pattern.compile(
            "^(?:\\W*(?:oh|and|but|so|well|yeah|yes)\\W+)*(?:you|your|you're|you've|you'll|you'd|u|ur)\\b"
                    + "|\\bI(?:'m|\\s+am|'d|\\s+would|'ll|\\s+will)?(?:\\s+\\w+){0,4}?\\s+(?:you|your|you're|you've)\\b"
                    + "|\\b(?:for|with|to|about|of|from|like)\\s+(?:you|u)\\W*$"
                    + "|\\b(?:love|like|admire|appreciate|enjoy)\\s+(?:how|that|what|the\\s+way)\\s+you\\b"
                    + "|\\byou\\s+(?:got|took|made|did|have|had|shared|showed|said|mentioned|told|wrote|posted)\\b",
            CASE_INSENSITIVE);
    /**
     * A reaction that wants more of what the other party showed, promises to keep talking, or makes a plan of what the
     * other party will do ("we should all do dinner when you guys visit").
     */
    private static final Pattern FILLER = Pattern.compile(
            "\\b(?:keep\\s+you\\s+(?:posted|updated|in\\s+the\\s+loop)|let\\s+(?:me|you)\\s+know|can't\\s+wait\\s+to"
                    + "\\s+(?:see|hear|read|try)|would\\s+love\\s+to\\s+(?:see|hear|read|try)"
                    + "|I'd\\s+love\\s+to\\s+(?:see|hear|read|try|check)|I'll\\s+(?:check|look|think)"
                    + "|(?:check|look|think)\\s+(?:it|that)\\s+(?:out|over|into)"
                    + "|catch\\s+up|enough\\s+about\\s+me|(?:glad|happy|sorry)\\s+to\\s+hear|good\\s+to\\s+know"
                    + "|makes\\s+sense|I\\s+(?:know|see|get)\\s+what\\s+you\\s+mean|I\\s+hear\\s+you"
                    + "|say\\s+(?:hi|hello)\\s+to|tell\\s+\\w+\\s+I\\s+said|send\\s+(?:my|our)\\s+love"
                    + "|give\\s+\\w+\\s+(?:my|our)\\s+(?:love|best|regards)"
                    + "|(?:we|let's)\\b[^,.!?]*\\b(?:when|if|once)\\s+(?:you|u)(?:\\s+guys|\\s+two)?\\s+(?:visit|come|get\\s+here"
                    + "|are\\s+(?:here|around|in\\s+town)))\\b",
            CASE_INSENSITIVE);
    /** Leaving the chat, whatever the sentence says before it ("ok I need to walk the dog, talk later"). */
    private static final Pattern LEAVE_TAKING = Pattern.compile(
            "\\b(?:talk\\s+(?:soon|later)|(?:gotta|got\\s+to|have\\s+to|need\\s+to|(?:I'd|I\\s+had)\\s+better)\\s+(?:go|run"
                    + "|dash)(?!\\s+(?:to|and|for|back|home|see|get|pick|buy)\\b)|I'll\\s+(?:text|call|message|ring)\\s+(?:you|u))\\b"
                    + "|\\b(?:bye|ttyl|gtg|cya)\\W*$",
            CASE_INSENSITIVE);
    /**
     * A request to the other party wherever it stands ("we haven't decided yet, can you give me a breakdown"): what
     * comes before it is the context of the request, not a fact told for its own sake.
     */
    private static final Pattern REQUEST = Pattern.compile(
            "\\b(?:can|could|would|will)\\s+(?:you|u)\\s+(?!believe\\b|imagine\\b)\\w+", CASE_INSENSITIVE);
    /**
     * "Rumi I'm so sorry, work has been crazy", "I know I'm the worst": an apology, perhaps after the name spoken to,
     * opens chat.
     */
    private static final Pattern APOLOGY = Pattern.compile(
            "^(?:(?-i:\\p{Lu})\\p{L}+[,!]*\\s+)?I(?:'m|\\s+am)\\s+(?:so\\s+|really\\s+|very\\s+)?sorry\\b"
                    + "|^I\\s+know(?:\\s+I\\s+know)?,?\\s+I(?:'m|\\s+am)\\s+(?:the\\s+(?:actual\\s+)?worst|terrible|awful|hopeless)\\b",
            CASE_INSENSITIVE);
    /** A clause that opens with the user's feeling about what comes or with a promise to the other party. */
    private static final Pattern CHAT_CLAUSE = Pattern.compile(
            "(?:so\\s+|and\\s+)?(?:I\\s+can't\\s+wait|can't\\s+wait|I'll\\s+(?:send|tell|keep|let|show)|I\\s+will\\s+(?:send"
                    + "|tell|keep|let|show)|wish\\s+me\\s+luck|fingers\\s+crossed)\\b",
            CASE_INSENSITIVE);
    private static final List<Pattern> RULES = List.of(ASKS, CONVERSATIONAL, ABOUT_THE_OTHER, FILLER, LEAVE_TAKING,
            REQUEST, APOLOGY);

    private SmallTalk() {
    }

    /**
     * Where a clause of chat starts after a statement of its own ("This weekend we're going camping, I can't wait to
     * see their faces", "I finally moved to Leeds, let me know if you're around"): the index of the comma before it,
     * or -1 when there is none, what comes before it is chat too, or the sentence takes leave.
     */
    static int chatAfterStatement(String sentence) {
        if (LEAVE_TAKING.matcher(sentence).find()) {
            return -1;
        }
        for (int comma = sentence.indexOf(','); comma > 0; comma = sentence.indexOf(',', comma + 1)) {
            String clause = sentence.substring(comma + 1).strip();
            if (FILLER.matcher(clause).lookingAt() || ABOUT_THE_OTHER.matcher(clause).lookingAt()
                    || CHAT_CLAUSE.matcher(clause).lookingAt()) {
                return is(sentence.substring(0, comma)) ? -1 : comma;
            }
        }
        return -1;
    }

    static boolean is(String sentence) {
        return isQuestion(sentence) || RULES.stream().anyMatch(rule -> rule.matcher(sentence).find());
    }

    /**
     * A sentence ending in a question mark asks something, unless the user states something of their own before the
     * question: "I'm allergic to kiwi now??", "Sam and I want a dog, any tips?".
     */
    private static boolean isQuestion(String sentence) {
        if (!QUESTION_MARK.matcher(sentence).find()) {
            return false;
        }
        int comma = sentence.lastIndexOf(',');
        String statement = comma > 0 ? sentence.substring(0, comma) : sentence;
        return !FIRST_PERSON.matcher(statement).find();
    }
}
