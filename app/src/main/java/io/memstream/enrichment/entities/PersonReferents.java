package io.memstream.enrichment.entities;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The person a "he" or "she" of a statement stands for, read from what was said before it: "He's moving to Denver"
 * after "Theo and I broke up" is about Theo, "She moved back to Leipzig" after "my mum had surgery" about mum.
 *
 * <p>The referent is the most recent sentence of the context that mentions people, when it mentions one person: a
 * name is preferred over the relations around it ("my sister Mei Ling" gives Mei Ling), a single relation is taken
 * when nothing is named ("my mum"), and a sentence with two names, or only groups ("my parents"), leaves the pronoun
 * unresolved rather than guessed. No gender is read: the most recent person is what a reader takes too, and a wrong
 * guess costs more than no guess. A sentence that itself opens with "he"/"she" names no new referent: it speaks of
 * the one before, so the look-back passes over it. A pronoun after a person or pet of its own sentence ("Josh moved
 * in, he's saving", "His name is Daifuku and he's 10 weeks old") points there and needs nothing from the context.
 * "His"/"her" before a relation ("his mother") make the relation the person of the sentence, not the one it belongs
 * to, and "his name is Kelechi" names the person it introduces. A name spoken to ("Oh no, Maya.") is the listener,
 * not a referent. The look-back is bounded, so a pronoun far from any person stays open.
 *
 * <p>Written here rather than taken from a coreference library: CoreNLP's coreference needs models of hundreds of
 * megabytes and OpenNLP has none, and the enricher must run with nothing installed; the recognizer's people are
 * what a referent can be anyway.
 */
public final class PersonReferents {

    /**
     * A pronoun and the person it stands for.
     *
     * @param pronoun the pronoun as written in the statement
     * @param person a name or relation as {@link Recognition#people()} writes them: "Theo", "mum"
     */
    public record Referent(String pronoun, String person) {
    }

    /** How many sentences back the context is read. */
    static final int LOOK_BACK_SENTENCES = 8;

    private static final Pattern PRONOUN = Pattern.compile(
            "\\b(?:he|she|him)\\b|\\b(?:his|her)\\b(?!\\s+(?:name\\b|" + Relations.QUALIFIED_RELATION + "))",
            CASE_INSENSITIVE);
    /**
     * "She barks at the postman" after "How's Lucy?": what only an animal does makes the pronoun a pet, and a pet's
     * name looks like anyone's, so no person is taken for it.
     */
    private static final Pattern ANIMAL_DOINGS = Pattern.compile(
            "\\b(?:barks?|barked|barking|meows?|meowed|meowing|purrs?|purred|purring|wags?|wagged|wagging|growls?"
                    + "|growled|growling|howls?|howled|howling)\\b", CASE_INSENSITIVE);
    /** A sentence ends after its punctuation, but not after a title or initials ("Dr. Kim", "T.J. from your lab"). */
    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[.!?…])(?<!\\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St)\\.)(?<!\\b\\p{Lu}\\.)\\s+|\\s*\\n+\\s*");
    private static final String LINKED = " (";
    /**
     * "how's Clover?", "how's baby Ivie?": the one asked after is who the answer's pronoun stands for; when nothing
     * says it is a person (a pet's name looks like anyone's), no one before it is taken instead.
     */
    private static final Pattern ASKS_AFTER = Pattern.compile(
            "\\W*(?:\\p{L}+\\W+){0,2}?how(?:'s|\\s+is)\\s+(?:\\p{Ll}+\\s+)?(?-i:\\p{Lu})", CASE_INSENSITIVE);
    /** "Callum's mum": the name before a relation's possessive. */
    private static final Pattern OWNER_OF_RELATION = Pattern.compile(
            "((?-i:\\p{Lu})[\\p{L}-]*(?:\\s(?-i:\\p{Lu})[\\p{L}-]*)*)'s\\s+" + Relations.QUALIFIED_RELATION + "\\b",
            CASE_INSENSITIVE);
    private static final Pattern CAPITALISED_SUBJECT = Pattern.compile("\\W*(\\p{Lu}\\p{Ll}+)\\s+\\p{Ll}");

    private PersonReferents() {
    }

    /**
     * @param statement the statement, with ASCII apostrophes
     * @param context what was said before it, oldest first: earlier messages, the turn it answers, the sentences of
     *     its own message before it
     * @return its first "he"/"she" and the person it stands for, when the context makes that clear
     */
    public static Optional<Referent> of(String statement, List<String> context) {
        Matcher pronoun = PRONOUN.matcher(statement);
        if (!pronoun.find() || mentionsSomeone(statement.substring(0, pronoun.start()))
                || opensWithUnknownSubject(statement.substring(0, pronoun.start()))
                || ANIMAL_DOINGS.matcher(statement).find()) {
            // "Pickle is thriving, she's gotten huge": a subject of no known kind before the pronoun is who it is
            return Optional.empty();
        }
        List<String> sentences = new ArrayList<>();
        for (String text : context) {
            for (String sentence : SENTENCE_END.split(text.replace('\u2019', '\''))) {
                if (!sentence.isBlank()) {
                    sentences.add(sentence);
                }
            }
        }
        for (int i = sentences.size() - 1; i >= Math.max(0, sentences.size() - LOOK_BACK_SENTENCES); i--) {
            String sentence = sentences.get(i);
            if (leadsWithPronoun(sentence)) {
                // "He finally proposed to Carla" speaks of the same person as the pronoun being resolved
                continue;
            }
            Recognition recognition = recognize(sentence);
            List<String> people = recognition.people().stream().filter(person -> !isAddressed(sentence, person))
                    .toList();
            if (!people.isEmpty()) {
                String written = pronoun.group();
                return single(sentence, people, recognition.relations())
                        .map(person -> new Referent(written, person));
            }
            if (recognition.entities().stream().anyMatch(entity -> entity.type() == EntityType.PET)
                    || opensWithUnknownSubject(sentence) || ASKS_AFTER.matcher(sentence).lookingAt()) {
                // "We adopted a kitten, Pickle. She's gotten huge": the pronoun is the pet, never a person before it;
                // "Pipoca ate the honeycomb. She's fine": a subject of no known kind may be the pet just the same
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The one person of a sentence: its only name, else its only relation to a single person. A name that only
     * owns a relation ("has Callum's mum calmed down?") is not who the sentence speaks of: its relation is.
     */
    private static Optional<String> single(String sentence, List<String> people, List<String> relationWords) {
        List<String> names = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        for (String person : people) {
            int linked = person.indexOf(LINKED);
            if (linked > 0) {
                names.add(person.substring(0, linked));
            } else if (relationWords.contains(person)) {
                relations.add(person);
            } else if (!ownsARelation(sentence, person)) {
                names.add(person);
            }
        }
        if (names.size() == 1) {
            return Optional.of(names.get(0));
        }
        if (names.isEmpty() && relations.size() == 1 && !Relations.isPlural(relations.get(0))) {
            return Optional.of(relations.get(0));
        }
        return Optional.empty();
    }

    private static boolean ownsARelation(String sentence, String name) {
        Matcher owner = OWNER_OF_RELATION.matcher(sentence);
        while (owner.find()) {
            String owned = owner.group(1).toLowerCase(Locale.ROOT);
            String person = name.toLowerCase(Locale.ROOT);
            if (owned.equals(person) || owned.endsWith(" " + person)) {
                return true;
            }
        }
        return false;
    }

    /** A sentence whose subject is a capitalised word that is no ordinary word and that nothing typed. */
    private static boolean opensWithUnknownSubject(String sentence) {
        Matcher subject = CAPITALISED_SUBJECT.matcher(sentence);
        return subject.lookingAt() && !Gazetteer.isOrdinaryWord(subject.group(1))
                && !NameSpans.VERB_OR_ADVERB_SHAPE.matcher(subject.group(1)).matches();
    }

    /** "Oh no, Maya.", "Thanks, Nate!": the one spoken to is the listener, never the "he" or "she" of the next turn. */
    private static boolean isAddressed(String sentence, String person) {
        return Pattern.compile("(?:^|[,;:!?.]\\s*|\\b(?:hey|hi|hello|oh|thanks|dear)\\s+)" + Pattern.quote(person)
                + "\\s*(?:[,;:!?.…]|$)", CASE_INSENSITIVE).matcher(sentence).find();
    }

    /**
     * Whether a sentence's "he"/"she" comes before any person of its own: then it continues the person that was
     * being talked about, and so does the pronoun being resolved ("How's Bruno?" - "He proposed to Carla. I helped
     * him pick the ring": him is Bruno, not Carla).
     */
    private static boolean leadsWithPronoun(String sentence) {
        Matcher pronoun = PRONOUN.matcher(sentence);
        return pronoun.find() && !mentionsSomeone(sentence.substring(0, pronoun.start()));
    }

    /** Whether a person or a pet comes before the pronoun in its own sentence, which it then points to. */
    private static boolean mentionsSomeone(String before) {
        if (before.isBlank()) {
            return false;
        }
        Recognition recognition = recognize(before);
        return !recognition.people().isEmpty()
                || recognition.entities().stream().anyMatch(entity -> entity.type() == EntityType.PET);
    }

    private static Recognition recognize(String sentence) {
        return EntityRecognizer.recognize(sentence, sentence, List.of());
    }
}
