package io.memstream.enrichment;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.enrichment.DateResolver.ResolvedPhrase;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.ResolvedDate;
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
    private static final String RELATION = "(?:(?:best|older|younger|little|big|ex) )?"
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
                .setDates(new ArrayList<>(dates.stream().map(d -> new ResolvedDate(d.text(), d.resolved())).toList()))
                .setPeople(new ArrayList<>(mentions.people()))
                .setTags(new ArrayList<>(tags(rule.category(), mentions)))
                .setEmbedding(null)
                .setBatchIds(new ArrayList<>(List.of(batch.getBatchId())))
                .setSourceMessageIds(new ArrayList<>(List.of(message.getMessageId())))
                .setReinforcementCount(1)
                .setFirstSeen(writtenAt)
                .setLastSeen(writtenAt)
                .setExpiresAt(PLAN.equals(rule.category()) ? MemoryFields.planExpiry(dates, zone) : null)
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

    /** Splits a message into sentences at . ! ? … followed by whitespace, and at line breaks. */
    private static final class Sentences {

        private static final Pattern BOUNDARY = Pattern.compile("[.!?…]+[\"'”’)\\]]*\\s+|\\R+");
        /** A period after these does not end a sentence ("Dr. Smith", "e.g. jazz"). */
        private static final Pattern ABBREVIATION =
                Pattern.compile("\\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|e\\.g|i\\.e)$", CASE_INSENSITIVE);
        /** "7 a.m." ends a sentence only when a capital letter follows. */
        private static final Pattern TIME_ABBREVIATION = Pattern.compile("\\b[ap]\\.m$", CASE_INSENSITIVE);
        private static final int LONGEST_ABBREVIATION = 4;

        static List<String> split(String text) {
            List<String> sentences = new ArrayList<>();
            Matcher boundary = BOUNDARY.matcher(text);
            int start = 0;
            while (boundary.find()) {
                if (!isAbbreviation(text, start, boundary)) {
                    sentences.add(text.substring(start, boundary.end()));
                    start = boundary.end();
                }
            }
            sentences.add(text.substring(start));
            return sentences;
        }

        private static boolean isAbbreviation(String text, int sentenceStart, Matcher boundary) {
            int period = boundary.start();
            if (text.charAt(period) != '.' || boundary.group().startsWith("..")) {
                return false;
            }
            int from = Math.max(sentenceStart, period - LONGEST_ABBREVIATION);
            if (endsWith(ABBREVIATION, text, from, period)) {
                return true;
            }
            return boundary.end() < text.length() && !Character.isUpperCase(text.charAt(boundary.end()))
                    && endsWith(TIME_ABBREVIATION, text, from, period);
        }

        private static boolean endsWith(Pattern pattern, String text, int from, int to) {
            return pattern.matcher(text).region(from, to).useTransparentBounds(true).find();
        }
    }

    /** Rewrites a first-person sentence in the third person: "I live in Paris." becomes "User lives in Paris". */
    private static final class ThirdPerson {

        private static final Pattern OPENING_FILLER = Pattern.compile(
                "^(?:(?:(?:hi|hello|hey)(?:\\s+there)?|oh|ok|okay|well|so|btw|by\\s+the\\s+way|also|and|but"
                        + "|actually|anyway|please|fyi)\\b[\\s,!.:;-]*)+", CASE_INSENSITIVE);
        private static final Pattern REMINDER_REQUEST = Pattern.compile("^remind\\s+me\\s+to\\b", CASE_INSENSITIVE);
        private static final Pattern NAME_REQUEST = Pattern.compile("^call\\s+me\\b", CASE_INSENSITIVE);
        private static final Pattern FIRST_PERSON = Pattern.compile(
                "\\b(?<contraction>I'(?:m|ve|ll|d))\\b"
                        + "|\\b(?<subject>I)\\b(?<adverbs>(?:\\s+(?:really|also|absolutely|just|totally|truly|still"
                        + "|actually|usually|always|often|sometimes|never|definitely|only)){0,3})"
                        + "(?:\\s+(?<verb>[a-z]+(?:'[a-z]+)?)\\b)?"
                        + "|\\b(?<possessive>my|mine)\\b"
                        + "|\\b(?<object>me)\\b"
                        + "|\\b(?<reflexive>myself)\\b",
                CASE_INSENSITIVE);
        private static final Pattern TRAILING_STOPS = Pattern.compile("[\\s.!?…,;:]+$");

        private static final Map<String, String> IRREGULAR = Map.of(
                "am", "is", "be", "is", "have", "has", "do", "does", "go", "goes",
                "don't", "doesn't", "haven't", "hasn't");
        /** Words after "I" that keep their form: modals, past tenses, and words that are not verbs at all. */
        private static final Set<String> UNCHANGED = Set.of(
                "can", "could", "will", "would", "shall", "should", "may", "might", "must", "was", "were", "did",
                "had", "went", "got", "made", "met", "saw", "took", "came", "began", "bought", "found", "left",
                "lost", "grew", "knew", "thought", "felt", "told", "said", "ran", "wrote", "became", "spent", "and",
                "or", "but", "too", "so", "as", "at", "in", "on", "to", "of", "with", "alone", "myself", "personally");

        static String rewrite(String sentence) {
            String text = OPENING_FILLER.matcher(sentence).replaceFirst("");
            text = REMINDER_REQUEST.matcher(text).replaceFirst("User wants a reminder to");
            text = NAME_REQUEST.matcher(text).replaceFirst("User wants to be called");
            Matcher firstPerson = FIRST_PERSON.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (firstPerson.find()) {
                firstPerson.appendReplacement(rewritten, Matcher.quoteReplacement(thirdPerson(firstPerson)));
            }
            firstPerson.appendTail(rewritten);
            String summary = TRAILING_STOPS.matcher(rewritten.toString().strip()).replaceFirst("");
            return summary.isEmpty() ? sentence : capitalized(summary);
        }

        private static String thirdPerson(Matcher match) {
            if (match.group("contraction") != null) {
                return switch (match.group("contraction").substring(2).toLowerCase(Locale.ROOT)) {
                    case "m" -> "User is";
                    case "ve" -> "User has";
                    case "ll" -> "User will";
                    default -> "User would";
                };
            }
            if (match.group("subject") != null) {
                String verb = match.group("verb");
                return "User" + match.group("adverbs") + (verb == null ? "" : " " + conjugated(verb));
            }
            if (match.group("possessive") != null) {
                return "User's";
            }
            return match.group("object") != null ? "User" : "themself";
        }

        /** The third-person singular present of a verb written after "I". */
        private static String conjugated(String verb) {
            String lower = verb.toLowerCase(Locale.ROOT);
            if (IRREGULAR.containsKey(lower)) {
                return IRREGULAR.get(lower);
            }
            boolean pastTense = lower.endsWith("ed") && !lower.endsWith("eed");
            if (UNCHANGED.contains(lower) || lower.contains("'") || pastTense) {
                return verb;
            }
            if (Stream.of("s", "sh", "ch", "x", "z", "o").anyMatch(lower::endsWith)) {
                return verb + "es";
            }
            if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
                return verb.substring(0, verb.length() - 1) + "ies";
            }
            return verb + "s";
        }

        private static String capitalized(String text) {
            int first = text.codePointAt(0);
            return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                    .append(text, Character.charCount(first), text.length()).toString();
        }
    }

    /**
     * What one sentence mentions: entities (dates, e-mails, capitalised names, numbers), people (names and relation
     * words, in text order) and the relation words alone. Capitalised words opening the sentence are left out:
     * there a capital says nothing about being a name.
     */
    private record Mentions(List<Entity> entities, List<String> people, List<String> relations) {

        static final String DATE = "DATE";
        static final String PERSON = "PERSON";
        static final String PLACE = "PLACE";
        static final String ORGANIZATION = "ORGANIZATION";
        static final String EMAIL = "EMAIL";
        static final String NUMBER = "NUMBER";
        static final String THING = "THING";

        private static final String NAME_WORD =
                "(?!I(?:'\\p{L}+)?(?![\\p{L}\\p{N}]))\\p{Lu}[\\p{L}\\p{M}\\p{N}'&-]*";
        private static final Pattern NAME = Pattern.compile(
                "(?<![\\p{L}\\p{N}'&-])" + NAME_WORD + "(?: " + NAME_WORD + ")*");
        private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
        private static final Pattern DIGITS = Pattern.compile("\\b\\d+(?:[.,]\\d+)*\\b");
        private static final Pattern RELATION_MENTION = Pattern.compile(
                "\\bmy\\s+" + RELATION.replace(" ", "\\s+") + "\\b", CASE_INSENSITIVE);

        /** Context right before a name, matched at its end, that makes the name a person the user knows. */
        private static final Pattern BEFORE_PERSON = Pattern.compile(
                "(?:\\bmy\\s+" + RELATION.replace(" ", "\\s+") + "\\s*,?\\s*(?:(?:is|named|called)\\s+){0,2}"
                        + "|\\b(?:call|calling|called|meet|meeting|met|with|named)\\s+)$",
                CASE_INSENSITIVE);
        /** The user's own name: a person, though not someone the user mentions. */
        private static final Pattern BEFORE_OWN_NAME =
                Pattern.compile("\\b(?:my\\s+name\\s+is|call\\s+me|name's)\\s+$", CASE_INSENSITIVE);
        private static final Pattern BEFORE_EMPLOYER =
                Pattern.compile("\\bwork(?:s|ing|ed)?\\s+(?:at|for)\\s+$", CASE_INSENSITIVE);
        private static final Pattern BEFORE_PLACE =
                Pattern.compile("\\b(?:in|to|from|at|near)\\s+(?:the\\s+)?$", CASE_INSENSITIVE);
        /** Enough text before a name for its longest context ("my younger girlfriend, is called "). */
        private static final int CONTEXT_WINDOW = 48;

        private record Span(int start, int end, String text, String type) {
            boolean overlaps(Span other) {
                return start < other.end && other.start < end;
            }
        }

        /**
         * @param text the sentence with ASCII apostrophes, for matching
         * @param content the sentence as written, same length, for the entity texts
         */
        static Mentions in(String text, String content, List<ResolvedPhrase> dates) {
            List<Span> spans = new ArrayList<>();
            dates.forEach(date -> spans.add(new Span(date.start(), date.end(), date.text(), DATE)));
            addFree(spans, EMAIL_ADDRESS.matcher(content), EMAIL);
            List<Span> people = new ArrayList<>();
            int sentenceStart = firstWordStart(text);
            Matcher name = NAME.matcher(text);
            while (name.find()) {
                if (name.start() == sentenceStart) {
                    continue;
                }
                String written = withoutPossessive(content.substring(name.start(), name.end()));
                Span span = new Span(
                        name.start(), name.start() + written.length(), written, nameType(text, name.start()));
                if (spans.stream().noneMatch(span::overlaps)) {
                    spans.add(span);
                    if (isPersonMentioned(text, span.start())) {
                        people.add(span);
                    }
                }
            }
            addFree(spans, DIGITS.matcher(content), NUMBER);
            List<Span> relations = new ArrayList<>();
            Matcher relation = RELATION_MENTION.matcher(text);
            while (relation.find()) {
                relations.add(new Span(relation.start(1), relation.end(1),
                        relation.group(1).toLowerCase(Locale.ROOT), PERSON));
            }
            people.addAll(relations);
            return new Mentions(entities(spans), distinctTexts(people), distinctTexts(relations));
        }

        private static void addFree(List<Span> spans, Matcher matcher, String type) {
            while (matcher.find()) {
                Span span = new Span(matcher.start(), matcher.end(), matcher.group(), type);
                if (spans.stream().noneMatch(span::overlaps)) {
                    spans.add(span);
                }
            }
        }

        private static String nameType(String text, int start) {
            if (isPersonMentioned(text, start) || endsBefore(BEFORE_OWN_NAME, text, start)) {
                return PERSON;
            }
            if (endsBefore(BEFORE_EMPLOYER, text, start)) {
                return ORGANIZATION;
            }
            return endsBefore(BEFORE_PLACE, text, start) ? PLACE : THING;
        }

        private static boolean isPersonMentioned(String text, int start) {
            return endsBefore(BEFORE_PERSON, text, start);
        }

        private static boolean endsBefore(Pattern context, String text, int start) {
            return context.matcher(text).region(Math.max(0, start - CONTEXT_WINDOW), start)
                    .useTransparentBounds(true).find();
        }

        private static int firstWordStart(String text) {
            int index = 0;
            while (index < text.length() && !Character.isLetterOrDigit(text.codePointAt(index))) {
                index += Character.charCount(text.codePointAt(index));
            }
            return index;
        }

        private static String withoutPossessive(String name) {
            return name.endsWith("'s") || name.endsWith("’s") ? name.substring(0, name.length() - 2) : name;
        }

        private static List<Entity> entities(List<Span> spans) {
            Set<String> seen = new TreeSet<>();
            return spans.stream()
                    .sorted(Comparator.comparingInt(Span::start))
                    .filter(span -> seen.add(span.text().toLowerCase(Locale.ROOT)))
                    .map(span -> new Entity(span.text(), span.type()))
                    .toList();
        }

        private static List<String> distinctTexts(List<Span> spans) {
            return spans.stream().sorted(Comparator.comparingInt(Span::start)).map(Span::text).distinct().toList();
        }
    }
}
