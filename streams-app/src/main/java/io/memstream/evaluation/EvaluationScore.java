package io.memstream.evaluation;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How well produced memories match the labelled ones of an evaluation part (the rules are in docs/evaluation.md).
 * A produced memory matches an expected one when it comes from the expected memory's message and its content holds
 * every keyword (case-insensitive, typographic apostrophes folded). The field accuracies are measured over the pairs
 * of each matched expected memory with the first produced memory (in production order) that matches it.
 */
record EvaluationScore(int expected, int produced, Ratio recall, Ratio precision, Ratio categoryAccuracy,
                       Ratio dateAccuracy, Ratio peopleAccuracy, Ratio entityAccuracy, Ratio fillerRate,
                       int duplicates, List<Miss> misses, List<FalsePositive> falsePositives,
                       List<WrongField> wrongFields) {

    /** A memory this short says too little to be worth keeping. */
    static final int FILLER_MAX_WORDS = 4;

    /** A statement that is only a reaction, whatever its length: "I love it!", "that's so cool", "haha". */
    private static final Pattern BARE_REACTION = Pattern.compile(
            "(i|we) (really |just |absolutely )?(love|like|adore|hate) (it|this|that|them)( so much| a lot)?"
                    + "|(that's|that is|this is|it's|it is|how|so|sounds) (so |really |very )?"
                    + "(great|amazing|cool|awesome|nice|sweet|funny|cute|lovely|beautiful|fun|interesting|good)"
                    + "|wow|omg|lol|ha(ha)+|congrats|congratulations|thanks?( you)?( so much| a lot)?");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}' ]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** {@code hits} of {@code total}; the value is undefined (NaN) when nothing was counted. */
    record Ratio(long hits, long total) {

        double value() {
            return total == 0 ? Double.NaN : (double) hits / total;
        }

        @Override
        public String toString() {
            return total == 0 ? "n/a (0/0)" : String.format(Locale.ROOT, "%.3f (%d/%d)", value(), hits, total);
        }
    }

    /** An expected memory no produced memory matched, with what was produced from its message. */
    record Miss(String messageId, String message, List<String> keywords, List<String> produced) {
    }

    /** A produced memory that matches no expected memory of its messages, with what was expected of them. */
    record FalsePositive(List<String> messageIds, String message, List<List<String>> expectedKeywords, String produced) {
    }

    /** A matched pair whose dates or people differ from the label: what was expected and what was produced. */
    record WrongField(String messageId, String field, String produced, Set<String> expectedValues,
                      Set<String> producedValues) {
    }

    /**
     * Scores {@code memories} against {@code labels}.
     *
     * @param labels expected memories by user message id; every labelled message is a key
     * @param contents the content of every message by id, for the misses and false positives
     */
    static EvaluationScore of(Map<String, List<ExpectedMemory>> labels, Map<String, String> contents,
                              List<EnhancedMemory> memories) {
        int expected = 0;
        int recalled = 0;
        Counter category = new Counter();
        Counter dates = new Counter();
        Counter people = new Counter();
        Counter entities = new Counter();
        List<Miss> misses = new ArrayList<>();
        List<WrongField> wrongFields = new ArrayList<>();
        for (List<ExpectedMemory> ofMessage : labels.values()) {
            for (ExpectedMemory e : ofMessage) {
                expected++;
                EnhancedMemory m = memories.stream().filter(p -> matches(e, p)).findFirst().orElse(null);
                if (m == null) {
                    misses.add(new Miss(e.messageId(), contents.get(e.messageId()), e.keywords(),
                            memories.stream().filter(p -> p.getSourceMessageIds().contains(e.messageId()))
                                    .map(EnhancedMemory::getContent).toList()));
                    continue;
                }
                recalled++;
                category.count(e.category().equals(m.getCategory()));
                if (!e.resolvedDates().isEmpty()) {
                    Set<String> produced = new HashSet<>();
                    m.getDates().forEach(d -> produced.add(d.getResolved()));
                    boolean right = produced.containsAll(e.resolvedDates());
                    dates.count(right);
                    if (!right) {
                        wrongFields.add(new WrongField(e.messageId(), "dates", m.getContent(),
                                Set.copyOf(e.resolvedDates()), produced));
                    }
                }
                Set<String> expectedPeople = peopleOfFactsCovered(ofMessage, m);
                if (!expectedPeople.isEmpty() || !m.getPeople().isEmpty()) {
                    Set<String> producedPeople = lowerCased(m.getPeople());
                    boolean right = expectedPeople.equals(producedPeople);
                    people.count(right);
                    if (!right) {
                        wrongFields.add(new WrongField(e.messageId(), "people", m.getContent(), expectedPeople,
                                producedPeople));
                    }
                }
                for (ExpectedMemory.Entity entity : e.entities()) {
                    entities.count(m.getEntities().stream().anyMatch(p -> sameEntity(entity, p)));
                }
            }
        }
        int fromLabelled = 0;
        int precise = 0;
        int filler = 0;
        int duplicates = 0;
        Set<String> seen = new HashSet<>();
        List<FalsePositive> falsePositives = new ArrayList<>();
        for (EnhancedMemory m : memories) {
            if (isFiller(m.getContent())) {
                filler++;
            }
            if (!seen.add(m.getUserId() + '\u0000' + normalized(m.getContent()))) {
                duplicates++;
            }
            List<String> labelled = m.getSourceMessageIds().stream().filter(labels::containsKey).toList();
            if (labelled.isEmpty()) {
                continue;
            }
            fromLabelled++;
            if (labelled.stream().flatMap(id -> labels.get(id).stream()).anyMatch(e -> matches(e, m))) {
                precise++;
            } else {
                falsePositives.add(new FalsePositive(labelled,
                        String.join(" | ", labelled.stream().map(contents::get).toList()),
                        labelled.stream().flatMap(id -> labels.get(id).stream()).map(ExpectedMemory::keywords).toList(),
                        m.getContent()));
            }
        }
        return new EvaluationScore(expected, memories.size(), new Ratio(recalled, expected),
                new Ratio(precise, fromLabelled), category.ratio(), dates.ratio(), people.ratio(), entities.ratio(),
                new Ratio(filler, memories.size()), duplicates, List.copyOf(misses), List.copyOf(falsePositives),
                List.copyOf(wrongFields));
    }

    /** Whether {@code memory} is a faithful memory of {@code expected}. */
    static boolean matches(ExpectedMemory expected, EnhancedMemory memory) {
        if (!memory.getSourceMessageIds().contains(expected.messageId())) {
            return false;
        }
        String content = folded(memory.getContent());
        return expected.keywords().stream().allMatch(k -> content.contains(folded(k)));
    }

    /** Whether a memory's content says too little to keep: at most four words, or only a reaction. */
    static boolean isFiller(String content) {
        String words = SPACES.matcher(NOT_WORD.matcher(folded(content)).replaceAll(" ")).replaceAll(" ").strip();
        return words.isEmpty() || words.split(" ").length <= FILLER_MAX_WORDS || BARE_REACTION.matcher(words).matches();
    }

    /** Lower case, NFC, and typographic apostrophes as ASCII ones: "I’m" and "i'm" compare equal. */
    static String folded(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02bc', '\'');
    }

    private static String normalized(String content) {
        return SPACES.matcher(folded(content).strip()).replaceAll(" ").replaceAll("[.!?…]+$", "");
    }

    /**
     * The people a memory should name: those of every expected memory of the message that it matches. A memory that
     * states two labelled facts at once ("Lena is 6 and Max turns 4") rightly names the people of both.
     */
    private static Set<String> peopleOfFactsCovered(List<ExpectedMemory> ofMessage, EnhancedMemory memory) {
        Set<String> people = new HashSet<>();
        ofMessage.stream().filter(e -> matches(e, memory)).forEach(e -> people.addAll(lowerCased(e.people())));
        // One fact's "Josh (brother)" and another's "Josh" are one person, written the fuller way.
        people.removeIf(name -> people.stream().anyMatch(other -> other.startsWith(name + " (")));
        return people;
    }

    private static Set<String> lowerCased(List<String> people) {
        Set<String> set = new HashSet<>();
        people.forEach(p -> set.add(folded(p.strip())));
        return set;
    }

    private static boolean sameEntity(ExpectedMemory.Entity expected, Entity produced) {
        return folded(expected.text()).equals(folded(produced.getText()))
                && expected.type().equalsIgnoreCase(produced.getType());
    }

    /** Hits and total of one accuracy. */
    private static final class Counter {
        private long hits;
        private long total;

        void count(boolean hit) {
            total++;
            if (hit) {
                hits++;
            }
        }

        Ratio ratio() {
            return new Ratio(hits, total);
        }
    }
}
