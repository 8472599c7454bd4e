package io.memstream.enrichment.entities;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People named by relation: "my sister", "our neighbor", "my best friend", "my ex-husband", "my father-in-law", "my
 * mom and dad", with any determiner ("the physio said", "his mother", "we took the kids", "a physiotherapist"), and
 * kinship words used as names ("Mom says hi", "Uncle Jim", "mamá", "papá"). A relation is
 * linked to the name it introduces or describes: "my sister Ana", "my sister, Ana,", "my dad's name is Peter",
 * "Ana, my sister", "Ana is my sister".
 */
final class Relations {

    /** A relation word of the contract, singular or plural. */
    static final String RELATION = "(?:wife|husband|hubby|partner|fianc[eé]e?|girlfriend|boyfriend|mom|mum|mother"
            + "|dad|father|parents?|sister|brother|son|daughter|kids?|child|children|step-?(?:mom|mum|mother|dad"
            + "|father|sister|brother|son|daughter|kids?|children)|grandma|grandmother|grandpa|grandfather"
            + "|grandparents?|grandson|granddaughter|grandkids?|grandchild|grandchildren|god(?:mother|father|son"
            + "|daughter)|aunt|uncle|cousin|niece|nephew|friend|bestie|boss|co-?worker|colleague|teammate|roommate"
            + "|flatmate|housemate|neighbou?r|landlord|landlady|teacher|tutor|professor|coach|trainer|doctor|dentist"
            + "|therapist|physio|physiotherapist|supervisor|mentor|manager|classmate|maestro|guru|sensei|pastor"
            + "|nanny|babysitter|caregiver|midwife|mam|in-laws|advis[eo]r)(?:s(?![\\p{L}]))?";
    /** Words before a relation word; "best" and "ex" stay part of it ("best friend", "ex-husband"). */
    private static final String QUALIFIERS = "(?:(?:best|older|younger|little|big|baby|twin|oldest|youngest|eldest"
            + "|elder|new|old|late|dear|closest|favou?rite|future|ex|assistant|head|work|school|uni|college|gym"
            + "|phd|thesis)(?:\\s+|-))*";
    /** A relation word with its qualifiers, for patterns of other classes. */
    static final String QUALIFIED_RELATION = QUALIFIERS + RELATION;

    /**
     * "Farhan's wife", "Kojo's best friend Esi": a name's possessive owns a relation as "his" does; a capital is
     * needed (case-sensitive in a case-insensitive pattern), and the contractions that look like possessives
     * ("That's my", "It's mom") are no owner.
     */
    private static final String NAME_POSSESSIVE = "(?-i:(?!(?:It|That|He|She|What|There|Here|Who|Where|How|Let"
            + "|Everyone|Everybody|Someone|Somebody|Today|Tonight)'s)\\p{Lu}[\\p{L}-]*)'s";
    /**
     * The determiners of a relation; "a"/"an" not after a copula or "as", where the user says what they are ("I'm a
     * teacher", "I work as a physiotherapist").
     */
    private static final String DETERMINER = "(?:my|our|his|her|their|your|" + NAME_POSSESSIVE + "|(?<article>the"
            + "|(?<!\\b(?:am|'m|was|were|as|be|been|become|became|is|'s|are|'re)\\s)an?))";
    private static final Pattern MY_RELATION = Pattern.compile(
            "\\b" + DETERMINER + "\\s+(?<qualifiers>" + QUALIFIERS + ")(?<relation>" + RELATION
                    + ")(?<inLaw>-in-law)?(?![\\p{L}-])",
            CASE_INSENSITIVE);
    private static final Pattern AND_RELATION = Pattern.compile(
            "\\s+(?:and|&)\\s+(?<qualifiers>)(?<relation>" + RELATION + ")(?<inLaw>-in-law)?(?![\\p{L}-])",
            CASE_INSENSITIVE);
    /** "my neighbour's kids", "my dad's sister": a relation of a relation is a person of the sentence too. */
    private static final Pattern POSSESSIVE_RELATION = Pattern.compile(
            "'s\\s+(?<qualifiers>" + QUALIFIERS + ")(?<relation>" + RELATION + ")(?<inLaw>-in-law)?(?![\\p{L}-])",
            CASE_INSENSITIVE);
    private static final Pattern KINSHIP_NAME = Pattern.compile(
            "(?<![\\p{L}])(?<qualifiers>)(?<relation>Mom|Mum|Mommy|Mummy|Dad|Daddy|Grandma|Grandpa|Granny"
                    + "|Nana|Aunt|Auntie|Uncle|Cousin|Mam[aá]?|Pap[aá]|mamá|papá)(?<inLaw>)(?![\\p{L}])");
    /**
     * "my sister Ana", "my dad's name is Peter", "the old maestro who taught me, Don Manuel", "my manager is this
     * guy called Sérgio", and a name given later in the clause: "my coworker, her name is Mary Ann", "a friend of
     * mine from undergrad just joined, her name is Ji-woo".
     */
    private static final Pattern LINK_BEFORE_NAME =
            Pattern.compile("\\s*,?\\s*(?:(?:who\\s+is\\s+|is\\s+)?(?:named|called)\\s+)?|'s\\s+name\\s+is\\s+"
                    + "|\\s+(?:who|that)\\s+[^,.!?;]{1,40},\\s*"
                    + "|\\s+(?:is|was|will\\s+be)\\s+(?:this|a|an|some)\\s+(?:guy|girl|woman|man|lady|dude|person|kid)"
                    + "\\s+(?:named|called)\\s+"
                    + "|(?:'s\\s+)?[^,.!?;]{0,50},\\s*(?:and\\s+)?(?:his|her|their)\\s+name(?:'s|\\s+is|\\s+was)\\s+",
                    CASE_INSENSITIVE);
    /** "the", "a": a relation that is not the user's or someone's own ("a studio in Pocitos, the teacher is..."). */
    private static final Pattern ARTICLE = Pattern.compile("(?:the|an?)\\s", CASE_INSENSITIVE);
    /** "my boss is Renata", "my boss will be Renata Oliveira": a copula links only to a given name. */
    private static final Pattern LINK_BEFORE_GIVEN_NAME =
            Pattern.compile("\\s+(?:is|was|will\\s+be)\\s+", CASE_INSENSITIVE);
    /**
     * Between a group and the first of its names: "my cousins Divya"; not a comma, which more often starts a clause
     * of its own ("her husband and kids, Maya is the one in Berlin").
     */
    private static final Pattern GROUP_BEFORE_NAMES = Pattern.compile("\\s+");
    /** Between two names of a list: "Divya and Arun", "Leo, Mia and Ana". */
    private static final Pattern LIST_GOES_ON = Pattern.compile("\\s*,\\s*|\\s*,?\\s+(?:and|&)\\s+", CASE_INSENSITIVE);
    /**
     * "at our house in Kumasi, my husband Kofi": a relation followed by its own name belongs to that name, not to
     * the one before the comma.
     */
    private static final Pattern NAME_NEXT = Pattern.compile("\\s+(?!I\\b)\\p{Lu}");
    /** "my advisor will be Dr. Kim": a title makes a person of the name as a given name does. */
    private static final Pattern TITLE = Pattern.compile("(?:dr|mr|mrs|ms|prof|professor)\\.?", CASE_INSENSITIVE);
    private static final Pattern LINK_AFTER_NAME = Pattern.compile(
            "\\s*,\\s*(?:who\\s+is\\s+|who's\\s+)?|\\s+(?:is|was|has\\s+been|will\\s+be)\\s+|'s\\s+",
            CASE_INSENSITIVE);
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");
    /**
     * "Tess, my grandma passed away", "by Humayun Ahmed, my father gave me his copy": after a comma, a relation
     * followed by its own verb is the subject of a clause, not a second name for what comes before it; a relation
     * that ends its phrase ("Ana, my sister.") or goes on with a preposition or a relative ("Ana, my sister from
     * Lyon", "Ana, my sister who...") is one.
     */
    private static final Pattern OWN_CLAUSE = Pattern.compile("\\s+(?!(?:and|or|who|whose|from|in|at|of|with|for"
            + "|on|since|back|too|also|here|there|now)\\b)\\p{Ll}", CASE_INSENSITIVE);
    private static final Pattern QUALIFIER_SEPARATOR = Pattern.compile("[\\s-]+");

    /** A relation in a sentence: where it is written (with its "my") and the relation word. */
    record Mention(int start, int end, String relation) {

        /** "my friends Ana and Ben": a plural relation names a group, so no single name takes it. */
        boolean isPlural() {
            return PLURAL.matcher(relation).find();
        }
    }

    /** Whether a relation of {@link Recognition#relations()} names a group: "parents", "kids", "in-laws". */
    static boolean isPlural(String relation) {
        return PLURAL.matcher(relation).find();
    }

    private static final Pattern PLURAL = Pattern.compile("(?:[^s]s|children)(?:-in-law)?$");

    private Relations() {
    }

    static List<Mention> in(String text) {
        List<Mention> mentions = new ArrayList<>();
        Matcher my = MY_RELATION.matcher(text);
        while (my.find()) {
            if (isKindOfThing(text, my)) {
                continue;
            }
            mentions.add(mention(my));
            int end = my.end();
            Matcher and = AND_RELATION.matcher(text).region(end, text.length());
            Matcher owned = POSSESSIVE_RELATION.matcher(text).region(end, text.length());
            for (Matcher next = following(and, owned); next != null; next = following(and, owned)) {
                mentions.add(mention(next));
                end = next.end();
                and.region(end, text.length());
                owned.region(end, text.length());
            }
            my.region(end, text.length());
        }
        Matcher kinship = KINSHIP_NAME.matcher(text);
        while (kinship.find()) {
            int start = kinship.start();
            if (mentions.stream().noneMatch(mention -> mention.start() <= start && start < mention.end())) {
                mentions.add(mention(kinship));
            }
        }
        mentions.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return mentions;
    }

    /** The relation that continues a list or a possessive right after the one before, or null. */
    private static Matcher following(Matcher and, Matcher owned) {
        return and.lookingAt() ? and : owned.lookingAt() ? owned : null;
    }

    /** "the children's book", "a kids' menu": a group's possessive after an article names a kind of thing. */
    private static boolean isKindOfThing(String text, Matcher relation) {
        return relation.group("article") != null && isPlural(relation.group("relation"))
                && text.startsWith("'", relation.end());
    }

    /** The relation a name in [start, end) is linked to, among those not linked yet. */
    static Optional<Mention> linkedTo(String text, int start, int end, List<Mention> unlinked) {
        for (Mention mention : unlinked) {
            if (mention.isPlural()) {
                continue;
            }
            if (mention.end() <= start && (LINK_BEFORE_NAME.matcher(text).region(mention.end(), start).matches()
                    || LINK_BEFORE_GIVEN_NAME.matcher(text).region(mention.end(), start).matches()
                    && (Gazetteer.isGivenName(firstWord(text, start, end))
                            || TITLE.matcher(firstWord(text, start, end)).matches()))
                    || end <= mention.start()
                    && LINK_AFTER_NAME.matcher(text).region(end, mention.start()).matches()
                    && !(COMMA.matcher(text).region(end, mention.start()).matches()
                            && OWN_CLAUSE.matcher(text).region(mention.end(), text.length()).lookingAt())
                    && !NAME_NEXT.matcher(text).region(mention.end(), text.length()).lookingAt()
                    && (!ARTICLE.matcher(text).region(mention.start(), mention.end()).lookingAt()
                            || Gazetteer.isGivenName(firstWord(text, start, end)))) {
                return Optional.of(mention);
            }
        }
        return Optional.empty();
    }

    /**
     * The group a name in a list belongs to: a plural relation right before it ("my cousins Divya", "my kids Leo
     * and Mia"), or the group of the name before it when the list goes on ("... Divya and Arun").
     *
     * @param group the group of the name before, or null
     * @param groupEnd where that name ends
     */
    static Optional<Mention> groupOf(String text, int start, List<Mention> relations, Mention group, int groupEnd) {
        if (group != null && groupEnd <= start && LIST_GOES_ON.matcher(text).region(groupEnd, start).matches()) {
            return Optional.of(group);
        }
        return relations.stream()
                .filter(mention -> mention.isPlural() && mention.end() <= start
                        && GROUP_BEFORE_NAMES.matcher(text).region(mention.end(), start).matches())
                .findFirst();
    }

    /** "cousins" → "cousin", "children" → "child", "sisters-in-law" → "sister-in-law", "in-laws" → "in-law". */
    static String singular(String relation) {
        String inLaw = relation.endsWith("-in-law") ? "-in-law" : "";
        String word = relation.substring(0, relation.length() - inLaw.length());
        if (word.endsWith("children")) {
            word = word.substring(0, word.length() - "ren".length());
        } else if (word.endsWith("s")) {
            word = word.substring(0, word.length() - 1);
        }
        return word + inLaw;
    }

    private static String firstWord(String text, int start, int end) {
        int space = text.indexOf(' ', start);
        return text.substring(start, space < 0 || space > end ? end : space);
    }

    private static Mention mention(Matcher matcher) {
        String qualifiers = matcher.group("qualifiers").toLowerCase(Locale.ROOT);
        String relation = matcher.group("relation").toLowerCase(Locale.ROOT);
        List<String> words = List.of(QUALIFIER_SEPARATOR.split(qualifiers.strip()));
        if (words.contains("ex")) {
            relation = "ex-" + relation;
        } else if (words.contains("best")) {
            relation = "best " + relation;
        } else if (words.contains("assistant") || words.contains("head")) {
            relation = (words.contains("assistant") ? "assistant " : "head ") + relation;
        }
        String inLaw = matcher.group("inLaw");
        return new Mention(matcher.start(), matcher.end(), inLaw == null ? relation : relation + inLaw);
    }
}
