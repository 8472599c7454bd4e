package io.memstream.enrichment.extraction;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.memory.Embedder;
import io.memstream.memory.Embedders;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the statements of a user message worth remembering. For each sentence:
 * <ol>
 *   <li>conversation is dropped by rule ({@link SmallTalk}): questions, greetings, thanks, reactions to the other
 *       party, filler; so is a fragment without a verb that does not speak of the user;</li>
 *   <li>the classifier ({@link SentenceClassifier}, trained on the project's labelled sentences) must find it more
 *       likely a memory than not — or, for a first-person sentence that names something, not clearly small talk —
 *       and names its category;</li>
 *   <li>the tense corrects the category: a statement in the simple past is an event, never a plan;</li>
 *   <li>a sentence with "it/this/that/there/them" is joined to the previous sentence of the message when that one
 *       names something ("I read Dune. It changed my life."); else a noun of its own must resolve them, or, for the
 *       first sentence of a
 *       message may instead point into the question of the other party it answers ("Where do you run?" - "I go
 *       running there before work"); otherwise it is dropped;</li>
 *   <li>a short sentence, one without its subject, or a verdict right after a statement continues it and joins it
 *       ("I quit Canva. Last day was the 15th"); a short one that is no statement leads into the next.</li>
 * </ol>
 * Deterministic: the classifier is trained the same way every time and the taggers have no state across sentences.
 */
public final class Extractor {

    /** Longer sentences are pasted documents or code rather than statements about the user. */
    public static final int MAX_SENTENCE_LENGTH = 400;
    /**
     * Sentences of a message read at most: a chat message holds a few; more is a pasted document, and the stream
     * thread must not spend seconds on one message.
     */
    public static final int MAX_SENTENCES_PER_MESSAGE = 60;
    /** Fewer words say too little to keep ("I'm in.", "Love it"). */
    static final int MIN_WORDS = 3;
    /**
     * A shorter sentence stands alone only when the user tells something of themself with a verb ("I got the
     * scholarship!"); "Six including us", "first time going" say nothing without what is around them (and
     * docs/evaluation.md counts memories this short as filler).
     */
    static final int MIN_WORDS_ALONE = 5;
    /**
     * A sentence of at most this many words right after a statement continues it ("I quit Canva. Last day was the
     * 15th", "I ran Valencia on the 3rd! 1:52, my knee was fine"): alone it says too little to stand as a memory. One
     * that opens with the user ("I love hiking in the Alps.") is a statement of its own, however short.
     */
    static final int MAX_FOLLOW_UP_WORDS = 6;
    /** A sentence that leaves out its subject ("found out on Sunday, ...") continues the one before up to this length. */
    static final int MAX_SUBJECTLESS_FOLLOW_UP_WORDS = 12;
    /** A sentence is kept when the classifier gives "no memory" less than this probability... */
    static final double MAX_NONE_PROBABILITY = 0.6;
    /**
     * ...or, when the user speaks of themself or of someone they name ("Andre and his brother were at the finish")
     * and names something, less than this one: such a sentence is rarely small talk, and friends catching up tell
     * facts in more ways than any training file holds.
     */
    static final double MAX_NONE_PROBABILITY_FIRST_PERSON = 0.85;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    /**
     * "Oh wow, ..." or "Great news, ..." before the statement itself: the statement starts after the comma. "no",
     * "so" and "well" open a statement only before a pause or the user ("so I moved"), for "no way", "so much has
     * happened" and "well it's called" are the statement; a reaction ("same, ", "fair, ") opens one before a pause. A
     * name after an opener word must be capitalised.
     */
    private static final Pattern OPENER = Pattern.compile(
            "^(?:(?:oh|wow|yeah|yes|(?:no|so|well)(?=\\s*[,!.:;-]|\\s+(?:I|I'm|I've|I'll|I'd|we|we're|we've|my|our|it's|that's)\\b)"
                    + "|(?:same|me\\s+too|fair|exactly|totally|ikr|lmao|ugh|nice|cool|awesome|damn"
                    + "|dude|girl|please)(?=\\s*[,!.:;-])"
                    // "Also my birthday...", "Oh and I'm vegetarian now": a conjunction that links to the chat before,
                    // not before a capitalised name, which is the subject ("And Maria got the job")
                    + "|(?:also|and|plus)(?=\\s*,|\\s+(?:I\\b|(?-i:\\p{Ll})))"
                    + "|haha\\w*|lol|omg|hey|hi|hello|honestly|actually|anyway|great news"
                    + "|good news|guess what|funny enough|btw|by the way|ok|okay|aw+|ah+|hmm+|um+|thanks|thank you"
                    + "|no worries|(?:it's|that's|it is|that is)\\s+(?:fine|ok|okay|alright|all right|true|right))"
                    + "(?:\\s+(?:tho|though|then))?(?:\\s+(?-i:\\p{Lu})\\p{L}+)?[\\s,!.:;-]+)+",
            CASE_INSENSITIVE);
    /**
     * "I'm allergic to penicillin, can you remind me which antibiotics cross-react?": a statement of the user's own
     * before a request to the other party; the request goes, and the statement is read on its own.
     */
    private static final Pattern REQUEST_AFTER_STATEMENT = Pattern.compile(
            ",\\s*(?:(?:so|and|but)\\s+)?(?:can|could|would|will)\\s+(?:you|u)\\b", CASE_INSENSITIVE);
    /** What is still open ("not yet", "haven't decided") is the context of a request, never a fact of its own. */
    private static final Pattern UNSETTLED = Pattern.compile(
            "\\b(?:yet|not|n't|no\\s+idea|unsure|not\\s+sure|thinking|deciding|wondering|trying\\s+to)\\b",
            CASE_INSENSITIVE);
    /** "Her name is Renata": it names who the sentence before spoke of, and continues it. */
    private static final Pattern NAMES_THE_ONE_BEFORE = Pattern.compile(
            "^(?:his|her|their)\\s+name(?:'s|\\s+is|\\s+was)\\s", CASE_INSENSITIVE);
    /** A yes or no that opens an answer: what it says holds with the question it answers. */
    private static final Pattern CONFIRMS = Pattern.compile(
            "^\\W*(?:yes|yeah|yep|yup|yess+|no|nope|nah)\\b", CASE_INSENSITIVE);
    /** A name in an opener, before the punctuation that ends it: "Hey Jolene, ", "Omg Jolene!! ". */
    private static final Pattern ADDRESSEE = Pattern.compile("(?<=\\s)\\p{Lu}\\p{L}+(?=[\\s,!.:;-]+$)");
    /** "Best trip of my life", "Scariest thing I've ever done": a verdict on the statement before, not one itself. */
    private static final Pattern APPRAISAL = Pattern.compile(
            "^(?:the\\s+)?(?:best|worst|\\p{L}+est|first|last|only)\\s+(?:\\p{L}+\\s+)?(?:thing|time|day|night|trip|week"
                    + "|birthday|part|decision|meal|moment|year|ever)\\b",
            CASE_INSENSITIVE);
    /** "My sister Anna lives in Berlin": a statement whose subject is someone of the user's circle. */
    private static final Pattern ABOUT_RELATIVE = Pattern.compile(
            "^(?:my|our)\\s+(?:(?:best|older|younger|little|big|ex|twin|new|late)[\\s-]+)?(?:wife|husband|sister|brother"
                    + "|mother|mom|mum|father|dad|son|daughter|friend|boss|partner|girlfriend|boyfriend|grandma"
                    + "|grandmother|grandpa|grandfather|aunt|uncle|cousin|niece|nephew|parents|kids|children|fianc[eé]e?"
                    + "|roommate|flatmate|housemate|neighbou?r|colleague|coworker|in-laws|family|step-?(?:mom|mum|mother"
                    + "|dad|father|sister|brother|son|daughter)|hubby|bestie|grandson|granddaughter|grandkids)\\b",
            CASE_INSENSITIVE);
    /** A condition of the body, whatever else the sentence says ("I'm allergic to peanuts, so no Thai places"). */
    private static final Pattern HEALTH_CUE = Pattern.compile(
            "\\b(?:allergic|allergy|allergies|asthma|diabet\\w*|celiac|coeliac|intolerant|migraines?|injur\\w*"
                    + "|surgery|physio\\w*|therapy|medication|pregnan\\w*|anxiety|depression|sprained|fractured)\\b",
            CASE_INSENSITIVE);
    /**
     * Booking or signing up, told in the past, schedules something: a plan ("I signed up for the Big Sur marathon",
     * "We booked a cabin in Sweden"), as docs/memories.md has it ("intends to do or has scheduled").
     */
    private static final Pattern SCHEDULED = Pattern.compile(
            "\\b(?:booked|signed\\s+up|registered|enrolled|scheduled|reserved|(?:bought|got)\\s+(?:the\\s+|our\\s+)?tickets"
                    + "|made\\s+a\\s+resolution)\\b",
            CASE_INSENSITIVE);
    /** A milestone of the user's career is work rather than an event: "I started at the Whitney as a curator". */
    private static final Pattern CAREER = Pattern.compile(
            "\\b(?:job|promot(?:ed|ion)|hired|fired|resigned|laid\\s+off|internship|residency|master's|phd|thesis"
                    + "|startup|salary|raise|colleagues?|coworkers?|clients?|employer|career|shifts?|conference"
                    + "|(?:opened|started|launched)\\s+(?:my|our)\\s+(?:own\\s+)?(?:business|company|shop|bakery|studio|practice)"
                    + "|started\\s+(?:at|as)|work(?:s|ed|ing)?\\s+(?:at|for|as))\\b",
            CASE_INSENSITIVE);
    /** A routine, not a plan: "I usually go running on weekends". */
    private static final Pattern HABIT = Pattern.compile(
            "\\b(?:usually|always|often|normally|every|each|on\\s+weekends|most\\s+(?:days|mornings|evenings|nights))\\b",
            CASE_INSENSITIVE);
    private static final Pattern FUTURE = Pattern.compile(
            "\\b(?:going\\s+to|gonna|will|'ll|plan(?:ning)?\\s+to|want\\s+to|hope\\s+to|tomorrow|next\\s+\\w+|soon"
                    + "|someday|one\\s+day)\\b",
            CASE_INSENSITIVE);
    /** Categories that a sentence announcing the future turns into a plan; work and health keep theirs. */
    private static final Set<String> ANNOUNCED = Set.of(Categories.PERSONAL_INFO, Categories.RELATIONSHIP,
            Categories.EVENT, Categories.OTHER);
    private static final Set<String> CATEGORIES = Set.of(Categories.PERSONAL_INFO, Categories.PREFERENCE,
            Categories.OPINION, Categories.RELATIONSHIP, Categories.EVENT, Categories.PLAN, Categories.WORK,
            Categories.HEALTH, Categories.OTHER);

    private final SentenceClassifier classifier;

    Extractor(SentenceClassifier classifier) {
        if (!CATEGORIES.containsAll(classifier.labels().stream()
                .filter(label -> !LabelledSentence.NONE.equals(label)).toList())) {
            throw new IllegalArgumentException("training labels must be categories or none: " + classifier.labels());
        }
        this.classifier = classifier;
    }

    /** The extractor on the project's training sentences and the in-process embedding model, made once per JVM. */
    public static Extractor standard() {
        return Standard.INSTANCE;
    }

    /**
     * {@link #standard()}, its lookups in the in-process model's cache counted on {@code registry}: the training is
     * the JVM's, the count of the sentences an app instance embeds is that instance's.
     */
    public static Extractor standard(MeterRegistry registry) {
        return new Extractor(Standard.INSTANCE.classifier.embeddingWith(Embedders.local(registry)));
    }

    static Extractor trainedOn(List<LabelledSentence> examples, Embedder embedder) {
        return new Extractor(SentenceClassifier.trainedOn(examples, embedder));
    }

    /**
     * The memorable statements of one message, in text order.
     *
     * @param answered the other party's message right before, or null; its question may resolve a reference
     */
    public List<Statement> statements(String message, String answered) {
        String question = answered == null ? null : lastQuestion(answered);
        List<String> sentences = Sentences.split(message).stream().map(String::strip).filter(s -> !s.isEmpty())
                .limit(MAX_SENTENCES_PER_MESSAGE).toList();
        // an opener ("It's fine, ", "Oh wow, ") is no part of the statement: its "it" refers to nothing of it
        List<TaggedSentence> tags = sentences.stream().map(sentence -> Tagger.tag(withoutOpener(sentence))).toList();
        int n = sentences.size();
        // a message that repeats a sentence is scored once for it
        Map<String, double[]> scores = new HashMap<>();
        Function<String, double[]> classify = text -> scores.computeIfAbsent(text, classifier::probabilities);
        Statement[] kept = new Statement[n];
        for (int i = 0; i < n; i++) {
            kept[i] = i == 0
                    ? statementOf(sentences.get(i), tags.get(i), null, null, question, classify)
                    : statementOf(sentences.get(i), tags.get(i), sentences.get(i - 1), tags.get(i - 1), null,
                            classify);
            if (kept[i] != null && i > 0 && kept[i].content().startsWith(sentences.get(i - 1))) {
                String before = kept[i - 1] == null ? "" : kept[i - 1].content();
                if (before.length() > sentences.get(i - 1).length() && before.endsWith(sentences.get(i - 1))) {
                    // the sentence before had joined its own predecessor: the chain stays one statement
                    kept[i] = kept[i].withContent(before + kept[i].content().substring(sentences.get(i - 1).length()));
                }
                kept[i - 1] = null;
            }
        }
        joinFragments(sentences, tags, kept, question);
        joinFollowUps(sentences, tags, kept);
        if (question != null && n > 0 && CONFIRMS.matcher(sentences.get(0)).lookingAt()) {
            // the yes or no may have been joined with what follows it; the statement still answers the question
            for (int i = 0; i < n; i++) {
                if (kept[i] != null && kept[i].answers() == null && kept[i].content().startsWith(sentences.get(0))) {
                    kept[i] = kept[i].answering(question);
                }
            }
        }
        return Stream.of(kept).filter(Objects::nonNull).toList();
    }

    /**
     * A fragment without a verb ("14 pounds!", "Maid of honor!!") completes the statement beside it: it joins the
     * next sentence's statement, else the previous one's. A verdict ("best trip of my life") joins the previous first. A message of fragments alone answers the other party's question.
     */
    private void joinFragments(List<String> sentences, List<TaggedSentence> tags, Statement[] kept, String question) {
        int n = sentences.size();
        boolean anyKept = Stream.of(kept).anyMatch(Objects::nonNull);
        for (int i = 0; i < n; i++) {
            String fragment = sentences.get(i);
            if (kept[i] != null || !isFragment(fragment, tags.get(i))) {
                continue;
            }
            boolean verdict = APPRAISAL.matcher(withoutOpener(fragment)).find();
            if (i + 1 < n && kept[i + 1] != null && !kept[i + 1].content().startsWith(fragment)
                    && !(verdict && i > 0 && kept[i - 1] != null)) {
                kept[i + 1] = kept[i + 1].withContent(fragment + " " + kept[i + 1].content());
            } else if (i > 0 && kept[i - 1] != null) {
                kept[i - 1] = kept[i - 1].withContent(kept[i - 1].content() + " " + fragment);
            } else if (!anyKept && question != null) {
                kept[i] = answer(fragment, question);
            }
        }
    }

    /**
     * A short sentence, one that leaves out its subject, or a verdict ("Scariest thing I've ever done") right after a
     * statement continues it: it joins that statement, and is no memory of its own. Read alone such a sentence lost
     * what it is about; read with the one before, the statement keeps its details ("my lips swelled up"). A short
     * sentence that is no statement of its own and comes before one leads into it.
     */
    private static void joinFollowUps(List<String> sentences, List<TaggedSentence> tags, Statement[] kept) {
        for (int i = 1; i < sentences.size(); i++) {
            String sentence = sentences.get(i);
            boolean joinedAlready = kept[i - 1] != null && kept[i - 1].content().endsWith(sentence)
                    || i + 1 < sentences.size() && kept[i + 1] != null && kept[i + 1].content().startsWith(sentence);
            if (kept[i - 1] != null && !joinedAlready && isFollowUp(sentence, tags.get(i))) {
                // kept at the follow-up's place, so that a second follow-up continues the same statement
                kept[i] = kept[i - 1].withContent(kept[i - 1].content() + " " + sentence);
                kept[i - 1] = null;
            }
        }
        for (int i = 0; i + 1 < sentences.size(); i++) {
            String sentence = sentences.get(i);
            boolean joinedAlready = i > 0 && kept[i - 1] != null && kept[i - 1].content().endsWith(sentence)
                    || kept[i + 1] != null && kept[i + 1].content().startsWith(sentence);
            if (kept[i] == null && kept[i + 1] != null && !joinedAlready && isLeadIn(sentence, tags.get(i))) {
                kept[i + 1] = kept[i + 1].withContent(sentence + " " + kept[i + 1].content());
            }
        }
    }

    /**
     * "The deadline is Friday. The interview would be in Cairo": too short alone, it sets up the next statement; one
     * whose "it" nothing resolves ("it really is.") sets up nothing.
     */
    private static boolean isLeadIn(String sentence, TaggedSentence tags) {
        String text = withoutOpener(sentence.replace('\u2019', '\''));
        int words = words(text);
        return words >= MIN_WORDS && words < MIN_WORDS_ALONE && !tags.hasUnresolvedReference() && !SmallTalk.is(text);
    }

    private static boolean isFollowUp(String sentence, TaggedSentence tags) {
        String text = withoutOpener(sentence.replace('\u2019', '\''));
        if (SmallTalk.is(text)) {
            return false;
        }
        int words = words(text);
        return words <= MAX_FOLLOW_UP_WORDS && !tags.opensWithTheUser() || APPRAISAL.matcher(text).find()
                || NAMES_THE_ONE_BEFORE.matcher(text).find() || tags.isAppositive() || tags.isCircumstance()
                || tags.dropsItsSubject() && words <= MAX_SUBJECTLESS_FOLLOW_UP_WORDS;
    }

    private static boolean isFragment(String sentence, TaggedSentence tags) {
        String text = withoutOpener(sentence.replace('\u2019', '\''));
        return (!tags.hasVerb() || APPRAISAL.matcher(text).find()) && tags.hasReferent() && !SmallTalk.is(text);
    }

    private Statement answer(String fragment, String question) {
        double[] probabilities = classifier.probabilities(question + " " + fragment);
        int none = classifier.labels().indexOf(LabelledSentence.NONE);
        if (none >= 0 && probabilities[none] >= MAX_NONE_PROBABILITY_FIRST_PERSON) {
            return null;
        }
        return new Statement(fragment, category(classifier.labels(), probabilities, none, false, fragment), false,
                question);
    }

    private Statement statementOf(String sentence, TaggedSentence tags, String previous, TaggedSentence previousTags,
            String question, Function<String, double[]> classify) {
        String text = withoutOpener(sentence.replace('\u2019', '\''));
        boolean firstPerson = tags.isFirstPerson() || tags.dropsItsSubject();
        Matcher request = REQUEST_AFTER_STATEMENT.matcher(text);
        boolean requests = request.find();
        int chat = requests ? request.start() : SmallTalk.chatAfterStatement(text);
        if (firstPerson && chat > 0 && (requests || speaksOfTheUser(text.substring(0, chat)))) {
            // "a farewell party in September, I'll let everyone know": only the user's own statement stands alone
            return factBeforeRequest(sentence.substring(0, sentence.length() - text.length() + chat) + ".",
                    previous, previousTags, question, classify);
        }
        if (text.length() > MAX_SENTENCE_LENGTH) {
            return null;
        }
        int words = words(text);
        if (words < MIN_WORDS || SmallTalk.is(text) || !(firstPerson || tags.hasVerb())
                || words < MIN_WORDS_ALONE && !(tags.isFirstPerson() && tags.hasVerb())) {
            return null;
        }
        double[] probabilities = classify.apply(text);
        List<String> labels = classifier.labels();
        int none = labels.indexOf(LabelledSentence.NONE);
        double maxNone = (firstPerson || tags.opensWithAPerson()) && tags.hasReferent()
                ? MAX_NONE_PROBABILITY_FIRST_PERSON : MAX_NONE_PROBABILITY;
        if (none >= 0 && probabilities[none] >= maxNone) {
            return null;
        }
        String content = sentence.substring(addresseeOrStatementStart(sentence, text));
        String answers = null;
        if (tags.hasReference()) {
            if (previous != null && previousTags.hasReferent() && !SmallTalk.is(previous)) {
                content = previous + " " + content;
            } else if (tags.hasUnresolvedReference()) {
                if (previous != null || question == null || !(firstPerson || Tagger.tag(question).hasName())) {
                    return null;
                }
                answers = question;
            }
        }
        if (answers == null && previous == null && question != null
                && (tags.hasUnnamedPerson() || CONFIRMS.matcher(sentence).lookingAt())) {
            // "she loves modern art" after "Shall I find museums for Anna's visit?": the question says who;
            // "Yes, we're going to Eilat" after "Anything for Omer's birthday?" means the question too
            answers = question;
        }
        boolean past = tags.isPastTense();
        return new Statement(content, category(labels, probabilities, none, past, text), past, answers);
    }

    /**
     * The statement before a request or a clause of chat, read alone; it must be a memory by the plain threshold, for
     * the user told it to ask or react ("I'm allergic to penicillin, can you...", "we're going camping this weekend,
     * I can't wait to see their faces").
     */
    private Statement factBeforeRequest(String statement, String previous, TaggedSentence previousTags,
            String question, Function<String, double[]> classify) {
        String text = withoutOpener(statement.replace('\u2019', '\''));
        TaggedSentence tags = Tagger.tag(withoutOpener(statement));
        if (!tags.hasReferent() || UNSETTLED.matcher(text).find()) {
            // "we haven't settled on a venue yet, can you...": the request's context, not a fact of its own
            return null;
        }
        int none = classifier.labels().indexOf(LabelledSentence.NONE);
        if (none >= 0 && classify.apply(text)[none] >= MAX_NONE_PROBABILITY) {
            return null;
        }
        return statementOf(statement, tags, previous, previousTags, question, classify);
    }

    private static boolean speaksOfTheUser(String text) {
        TaggedSentence tags = Tagger.tag(text);
        return tags.isFirstPerson() || tags.dropsItsSubject();
    }

    /** The last sentence of the other party's message when it is a question that names something, else null. */
    private static String lastQuestion(String answered) {
        List<String> sentences = Sentences.split(answered.strip());
        String last = sentences.get(sentences.size() - 1).strip();
        return last.endsWith("?") && Tagger.tag(last).hasReferent() ? last : null;
    }

    private static String category(List<String> labels, double[] probabilities, int none, boolean past, String text) {
        int best = -1;
        for (int k = 0; k < labels.size(); k++) {
            if (k != none && (best < 0 || probabilities[k] > probabilities[best])) {
                best = k;
            }
        }
        String category = labels.get(best);
        if (ABOUT_RELATIVE.matcher(text).find() && !Categories.PLAN.equals(category)) {
            // facts about the people in the user's life, their health included, are relationship memories
            return Categories.RELATIONSHIP;
        }
        if (HEALTH_CUE.matcher(text).find()) {
            return Categories.HEALTH;
        }
        boolean announces = FUTURE.matcher(text).find();
        if (past && SCHEDULED.matcher(text).find()) {
            return Categories.PLAN;
        }
        if (Categories.EVENT.equals(category) && CAREER.matcher(text).find()) {
            return Categories.WORK;
        }
        if (past && (Categories.PLAN.equals(category) || announces)) {
            // "Lost my job yesterday, so I'm gonna start a business": told as one, the past happening is what it is
            return Categories.EVENT;
        }
        if (!past && announces && ANNOUNCED.contains(category)) {
            // "I'm moving out tomorrow", "I'm bringing her to Sevilla next month": announced, so a plan
            return Categories.PLAN;
        }
        if (!past && !announces && Categories.PLAN.equals(category) && HABIT.matcher(text).find()) {
            return Categories.PERSONAL_INFO;
        }
        return category;
    }

    /**
     * Where a statement's content starts in its sentence: after the opener ("Oh wow, "), but at the name of the one
     * spoken to when the opener holds one ("Hey Jolene, I got the job" keeps "Jolene, I got the job"): a name the user
     * addresses is one of the memory's people (docs/memories.md).
     */
    private static int addresseeOrStatementStart(String sentence, String text) {
        int statement = sentence.length() - text.length();
        Matcher addressee = ADDRESSEE.matcher(sentence).region(0, statement);
        while (addressee.find()) {
            if (!OPENER.matcher(addressee.group() + " ").matches()) {
                return addressee.start();
            }
        }
        return statement;
    }

    private static String withoutOpener(String sentence) {
        Matcher opener = OPENER.matcher(sentence);
        return opener.find() && opener.end() < sentence.length() ? sentence.substring(opener.end()) : sentence;
    }

    private static int words(String text) {
        return (int) WORD.matcher(text).results().count();
    }

    /**
     * Holder idiom, made on first use: the weights the build trained, or, where the class path has none of this
     * training (a build that skipped the step), a training here, which embeds every labelled sentence.
     */
    private static final class Standard {
        static final Extractor INSTANCE = new Extractor(ClassifierWeights.shipped(Embedders.local())
                .orElseGet(() -> SentenceClassifier.trainedOn(LabelledSentence.training(), Embedders.local())));
    }
}
