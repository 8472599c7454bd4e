package io.memstream.enrichment.entities;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.enrichment.entities.NameSpans.Name;
import io.memstream.enrichment.entities.Token.Kind;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives a name its type, from the strongest evidence to the weakest:
 * <ol>
 *   <li>the words around it that fix the type: a pet ("my dog Max", "a cat named Luna"), a relation ("my sister
 *       Ana", "Ana is my sister"), a title or initials ("Dr. Patel", "J.K. Rowling"), an address ("Hey Jolene,",
 *       "Thanks, Nate!"), a work ("watched X", "the book X", "X by Y", a title in quotes), an event ("the X
 *       festival");</li>
 *   <li>the gazetteers: works, events, products, organisations, places;</li>
 *   <li>the name's own shape: "... Inc/University/Bank" is an organisation, "... City/Street/Park/Lake",
 *       "Mount ..." a place, "... Festival/Marathon/Day" an event;</li>
 *   <li>weaker context: an employer ("work at X", "joined X"), a person ("X and I", "with X", "by X",
 *       a given name first), a place ("in/to/from X");</li>
 *   <li>{@code THING} when nothing says more.</li>
 * </ol>
 */
final class NameTyper {

    /** A name's type, and whether it is the user's own name rather than someone they mention. */
    record Typed(EntityType type, boolean ownName) {
    }

    private static final int WINDOW = 60;
    private static final String OPENING_QUOTES = "\"“‘'«";
    private static final String CLOSING_QUOTES = "\"”’'»";
    private static final String PET = "(?:dog|cat|puppy|kitten|pup|parrot|hamster|rabbit|bunny|horse|pony|pet|bird"
            + "|budgie|fish|goldfish|turtle|tortoise|guinea\\s+pig|lizard|gecko|snake|ferret|tabby|kitty"
            + "|shiba(?:\\s+inu)?|labrador|poodle|corgi|beagle|husky|pug|terrier|retriever|dachshund|spaniel"
            + "|collie|chihuahua|greyhound|rottweiler|bulldog|doodle|labradoodle|cockapoo|schnauzer|whippet|shepherd"
            + "|mutt|tomcat|parakeet|cockatiel|canary)s?";

    /** What every way of naming a pet holds; a text without it names no pet. */
    private static final Pattern PET_WORD = Pattern.compile("\\b" + PET, CASE_INSENSITIVE);

    private static final Pattern BEFORE_OWN_NAME =
            before("\\b(?:my\\s+name\\s+is|my\\s+name's|call\\s+me|name's)\\s+");
    /** "I'm Sarah, nice to meet you": the user's name when a given name follows and the clause ends. */
    private static final Pattern BEFORE_INTRODUCTION = before("(?:(?<![\\s\\S])|[.!?,;:]\\s*)\\W*(?:hi|hello"
            + "|hey)?[\\s,!]*(?:I'm|I\\s+am|this\\s+is|it's)\\s+");
    private static final Pattern BEFORE_PET = before("\\b" + PET + "\\s*,?\\s*(?:(?:who\\s+is\\s+|is\\s+)?"
            + "(?:named|called)\\s+)?|\\b" + PET + "\\s*,?\\s+(?:an?\\s+)?(?:[\\p{L}-]+\\s+){0,2}(?:named|called)\\s+"
            + "|\\b" + PET + "\\b[^.!?]{0,30}[.!?]*\\s+(?:his|her|its)\\s+name(?:\\s+is|'s)\\s+"
            + "|\\b(?:named|called|name|call)\\s+(?:our|my|the|his|her|their)\\s+(?:new\\s+)?"
            + PET + "\\s+");
    private static final Pattern AFTER_PET = after(
            "\\s*,\\s*(?:my|our)\\s+(?:\\w+\\s+)?" + PET + "\\b|\\s+is\\s+(?:my|our)\\s+(?:\\w+\\s+)?" + PET + "\\b");
    /** A greeting at the start of the text or of a clause; {@code (?<![\s\S])} is the start of the text. */
    private static final Pattern BEFORE_GREETING = before("(?:(?<![\\s\\S])|[.!?,;:(]\\s*)\\W*(?:hey|hi|hello"
            + "|hiya|howdy|thanks|thank\\s+you|thank\\s+u|thx|dear|congrats|congratulations|bye|goodbye"
            + "|good\\s+(?:night|morning|evening|afternoon)|morning|night|yo|sorry|love\\s+you|miss\\s+you"
            + "|welcome\\s+back|oh)\\s*,?\\s*");
    private static final Pattern AFTER_ADDRESS = after("\\s*(?:[,!.?:;)…]|$)");
    private static final Pattern BEFORE_COMMA = before(",\\s*");
    private static final Pattern AFTER_SENTENCE_END = after("\\s*[.!?…]*\\s*$");
    /** The comma after a name spoken to, perhaps after the Korean vocative ("Soyeon-ah, ..."). */
    private static final Pattern AFTER_COMMA = after("(?:-(?:ah|ya))?\\s*,");
    /** "Potatoes, cabbage, oats": the first item of a list opens the sentence with a comma too, and is no listener. */
    private static final Pattern LIST_AFTER = Pattern.compile(
            "\\s*,\\s*\\p{Ll}[\\p{L}'-]*(?:\\s+\\p{Ll}[\\p{L}'-]*)?\\s*,\\s*\\p{Ll}");

    private static final Pattern BEFORE_WORK_VERB = before("\\b(?:halfway\\s+through|read|reading|reread|rereading|re-read"
            + "|re-reading|watch|watched|watching|rewatch|rewatched|rewatching|binge-watched|binge-watching|binged"
            + "|binging|bingeing|listen\\s+to|listened\\s+to|listening\\s+to|play|played|playing|saw|see|seeing"
            + "|finish|finished|finishing)\\s+(?:(?:the|a|all\\s+of|some)\\s+(?:new\\s+|latest\\s+|old\\s+)?)?");
    private static final Pattern BEFORE_WORK_NOUN = before("\\b(?:book|novel|movie|film|song|album|show|series"
            + "|sitcom|game|podcast|documentary|musical|play|anime|manga|comic|track|single|opera|painting|poem"
            + "|audiobook|webtoon|webcomic|blog|vlog|newsletter|zine|memoir|cookbook|screenplay|mixtape|channel)"
            + "\\s*,?\\s*(?:(?:called|named|titled|is|was)\\s+)?"
            + "|\\bit(?:'s|\\s+is|\\s+was)\\s+(?:called|titled)\\s+");
    private static final Pattern AFTER_BY = after("\\s+by\\s+(?:the\\s+)?(?-i:\\p{Lu})");
    private static final Pattern AFTER_EVENT = after("\\s+(?:festival|fest|conference|summit|expo|convention"
            + "|marathon|half\\s+marathon|parade|carnival|tournament|championships?|concert|gala|fair|olympics|cup"
            + "|race|hackathon|meetup|celebrations?)\\b");
    /** "a band called X", "a small studio in Bryggen called Fjordlys": what a business is called. */
    private static final Pattern BEFORE_BAND = before("\\b(?:band|group|team|club|company|startup|firm|studio|shop"
            + "|store|cafe|café|restaurant|bar|bakery|agency|brand|app|business|gym|school|charity|label)"
            + "(?:\\s+(?:in|on|near)\\s+\\S+(?:\\s+\\S+)?)?\\s*,?\\s+(?:called|named)\\s+");

    private static final Pattern BEFORE_EMPLOYER = before("\\b(?:(?:work|works|worked|working|intern|interned"
            + "|interning|volunteer|volunteers|volunteered|volunteering|job|position|role|career|internship"
            + "|employed|engineer|developer|designer|manager|nurse|teacher|doctor|analyst|consultant|scientist"
            + "|researcher|lawyer|student|professor|cashier|chef|accountant|director|ceo|founder|employee)\\s+"
            + "(?:at|for|with)|joined|hired\\s+by|offer\\s+from|study\\s+at|studying\\s+at|studied\\s+at"
            + "|member\\s+of|fan\\s+of|applied\\s+to|applying\\s+to|accepted\\s+(?:at|to|into)|got\\s+into"
            + "|graduated\\s+from|shares\\s+in|stock\\s+in)\\s+(?:the\\s+)?");
    /** "I work at Morgan Stanley": people are worked with or for, never at, so a given name first does not count. */
    private static final Pattern BEFORE_WORKPLACE = before("\\b(?:work|works|worked|working|intern|interned"
            + "|interning|job|internship|employed)\\s+at\\s+(?:the\\s+)?");
    /** "flying out of Charlotte", "moved to Austin": a journey's end or start is a place, whatever its name. */
    private static final Pattern BEFORE_JOURNEY = before("\\b(?:trip|trips|holiday|vacation|going|go|goes|went"
            + "|heading|headed|fly|flies|flying|flew|flown|drive|drives|driving|drove"
            + "|driven|move|moves|moving|moved|travel|travels|travell?ing|travell?ed|commute|commutes|commuting"
            + "|relocate|relocated|relocating|road\\s+trip|flight|train|ferry|grew\\s+up|born|based|lives|live"
            + "|living|lived)\\s+(?:(?:back|in|out|down|up|over|home)\\s+)?(?:to|from|out\\s+of|into|in|via)\\s+");
    /**
     * "the Elizabeth line", "the Jolene vinyl": a name between "the" and a noun names the thing, not a person;
     * the noun tells a place from a work.
     */
    private static final Pattern AFTER_PLACE_NOUN = after("\\s+(?-i:line|station|street|road|bridge|stadium"
            + "|hospital|museum|airport|metro|subway)\\b");
    private static final Pattern AFTER_WORK_NOUN = after("\\s+(?-i:vinyl|record|album|song|soundtrack|movie|film"
            + "|book|books|series|musical|show|tour|concert|era)\\b");
    private static final Pattern BEFORE_THE = before("\\bthe\\s+");
    private static final Pattern BEFORE_BY = before("\\bby\\s+");
    private static final Pattern BEFORE_PERSON = before("(?<!obsessed\\s)(?<!love\\s)\\b(?:with|met|meet"
            + "|meeting|told|tell|telling|asked|ask|call|called|calling|text|texted|texting|invited|married|marry"
            + "|dating|dated|hugged|thanked|me\\s+and|named|(?:his|her)\\s+name\\s+is"
            + "|(?:proposed|engaged|married|talked|talking|spoke|speaking|wrote|writing|waved|apologi[sz]ed|lied"
            + "|introduced\\s+(?:me|us|him|her)|said\\s+(?:hi|hello|yes|no|bye))\\s+to)\\s+");
    /**
     * "we're naming her Helena" gives a child a name, "I named her Pesto" a pet when the text has a pet word ("a tiny
     * tabby from the shelter"): the name is whichever the text speaks of.
     */
    private static final Pattern BEFORE_GIVEN_NAME = before("\\b(?:naming|named|name|calling|call)\\s+(?:her|him)\\s+");
    /** Where a clause opens: the start of a sentence, a comma, a conjunction or a yes or no ("yes Aino is ..."). */
    private static final Pattern BEFORE_CLAUSE = before("(?:(?<![\\s\\S])|[.!?,;:]\\s*|\\b(?:and|but|so|because|yes"
            + "|yeah|yep|no|oh|well|also|then|now)\\s+)");
    private static final Pattern AFTER_PERSON = after("'s\\s+(?:\\w+\\s+)?(?:birthday|wedding|house|place|party"
            + "|mom|dad|mother|father|wife|husband|son|daughter|kids|sister|brother|family|girlfriend|boyfriend"
            + "|partner|baby|funeral|graduation)\\b|'s\\s+" + Relations.QUALIFIED_RELATION + "\\b|\\s+(?:and|&)\\s+I\\b|\\s+(?:said|says|told|tells|texted"
            + "|called|asked|invited|thinks|thought|wants|loves|passed\\s+away|died|is\\s+pregnant|got\\s+married"
            + "|got\\s+engaged|" + NameSpans.PERSON_VERBS + ")\\b|\\s+and\\s+(?:his|her|their)\\s+");
    private static final Pattern BEFORE_PLACE = before("\\b(?:in|to|from|near|around|at|across|through|into"
            + "|outside|visit|visited|visiting|explore|explored|exploring|toured|touring)\\s+(?:the\\s+)?");

    /** Initials that stand alone as a name ("T.J.", "J.R.") are a person's, except these abbreviations. */
    private static final Set<String> NOT_A_PERSONS_INITIALS = Set.of("a.m.", "p.m.", "p.s.", "e.g.", "i.e.",
            "u.s.", "u.k.", "e.u.", "u.n.", "d.c.", "l.a.", "n.y.", "u.s.a.");
    private static final Set<String> ORGANIZATION_LAST = Set.of("inc", "ltd", "llc", "corp", "corporation", "co",
            "company", "gmbh", "ag", "plc", "group", "holdings", "bank", "university", "college", "school", "academy",
            "institute", "foundation", "hospital", "clinic", "labs", "lab", "studios", "systems", "technologies",
            "solutions", "partners", "associates", "agency", "ministry", "department", "council", "club", "society",
            "association", "federation", "union", "church", "airlines", "airways", "motors", "records", "press",
            "times", "news", "bakery", "restaurant", "cafe", "café", "brewery", "pharmacy", "gym");
    private static final Set<String> ORGANIZATION_FIRST = Set.of("university", "bank", "department", "ministry",
            "college", "institute", "museum");
    private static final Set<String> PLACE_LAST = Set.of("city", "town", "village", "street", "st.", "avenue", "ave",
            "road", "rd", "boulevard", "lane", "drive", "square", "park", "lake", "river", "mountain", "mountains",
            "hill", "hills", "valley", "canyon", "beach", "bay", "island", "islands", "coast", "falls", "forest",
            "desert", "county", "province", "peninsula", "sea", "ocean", "airport", "station", "bridge", "garden",
            "gardens", "zoo", "museum", "mall", "stadium", "arena", "tower", "palace", "castle", "cathedral",
            "harbor", "harbour", "springs", "heights", "gorge", "glacier", "trail", "plaza", "alps");
    private static final Set<String> PLACE_FIRST = Set.of("lake", "mount", "mt.", "cape", "fort", "ft.", "port",
            "isle", "gulf", "san", "santa", "st.", "saint", "new");
    private static final Set<String> EVENT_LAST = Set.of("festival", "fest", "conference", "summit", "expo",
            "convention", "marathon", "parade", "carnival", "olympics", "games", "cup", "championship",
            "championships", "tournament", "fair", "week", "day", "eve", "con", "war", "awards", "gala", "open",
            "prix", "bowl", "hackathon");

    private NameTyper() {
    }

    static Typed type(String text, Name name, boolean linkedToRelation) {
        int start = name.start();
        int end = name.end();
        String written = text.substring(start, end);
        Optional<EntityType> known = Gazetteer.typeOf(written);
        boolean personShaped = name.isPersonShaped();
        boolean givenName = personShaped && Gazetteer.isGivenName(name.first().text())
                && known.filter(type -> type != EntityType.PLACE).isEmpty();

        if (matches(BEFORE_OWN_NAME, text, start) || givenName && matches(BEFORE_INTRODUCTION, text, start)
                && follows(AFTER_ADDRESS, text, end)) {
            return new Typed(EntityType.PERSON, true);
        }
        if (matches(BEFORE_PET, text, start) || follows(AFTER_PET, text, end)) {
            return typed(EntityType.PET);
        }
        if (matches(BEFORE_GIVEN_NAME, text, start)) {
            return typed(mayNamePet(text) ? EntityType.PET : EntityType.PERSON);
        }
        if (linkedToRelation || name.first().kind() == Kind.TITLE && !PLACE_FIRST.contains(lower(name.first()))
                || name.first().kind() == Kind.INITIALS && (name.tokens().size() > 1
                        || known.isEmpty() && !NOT_A_PERSONS_INITIALS.contains(lower(name.first())))) {
            return typed(EntityType.PERSON);
        }
        if (isAddressed(text, name, known)) {
            return typed(EntityType.PERSON);
        }
        if (matches(BEFORE_THE, text, start) && (follows(AFTER_PLACE_NOUN, text, end)
                || follows(AFTER_WORK_NOUN, text, end))) {
            return typed(follows(AFTER_PLACE_NOUN, text, end) ? EntityType.PLACE
                    : known.filter(type -> type != EntityType.PLACE).orElse(EntityType.WORK));
        }
        if (follows(AFTER_BY, text, end) && !isPersonContext(text, start, end)) {
            // "Rebecca by Daphne du Maurier": what a person is the author of is a work, whatever its name
            return typed(known.filter(type -> type != EntityType.PLACE).orElse(EntityType.WORK));
        }
        if (matches(BEFORE_WORK_NOUN, text, start) && !matches(BEFORE_WORK_VERB, text, start)) {
            // "the show Ted Lasso", "my favourite book is Emma": the noun names a work even when a person's name
            // is its title; a verb alone ("listening to Nils Frahm") leaves a person's name a person
            return typed(known.filter(type -> type != EntityType.PLACE).orElse(EntityType.WORK));
        }
        if (!text.startsWith("'", end) && matches(BEFORE_JOURNEY, text, start)) {
            // "flew in from Monterrey and his mom": the journey outweighs what follows; "went to Ana's" does not
            // a known name keeps its type: "going to Coachella" is an event
            return typed(known.orElse(EntityType.PLACE));
        }
        if (followsWorkCue(text, start) || follows(AFTER_BY, text, end)) {
            if (known.filter(type -> type == EntityType.WORK).isPresent()) {
                return typed(EntityType.WORK);
            }
            if (givenName) {
                return typed(EntityType.PERSON);
            }
            return typed(known.filter(type -> type != EntityType.PLACE).orElse(EntityType.WORK));
        }
        if (isQuoted(text, start, end) && !givenName && known.isEmpty()) {
            return typed(EntityType.WORK);
        }
        if (matches(BEFORE_BAND, text, start)) {
            return typed(EntityType.ORGANIZATION);
        }
        if (!givenName && follows(AFTER_EVENT, text, end)) {
            return typed(EntityType.EVENT);
        }
        if (known.isPresent()) {
            if (known.get() == EntityType.PLACE && Gazetteer.isGivenName(written) && isPersonContext(text, start, end)
                    && !matches(BEFORE_PLACE, text, start)) {
                return typed(EntityType.PERSON);
            }
            return typed(known.get());
        }
        Optional<EntityType> shaped = byShape(name);
        if (shaped.isPresent()) {
            return typed(shaped.get());
        }
        if ((!givenName || matches(BEFORE_WORKPLACE, text, start)) && matches(BEFORE_EMPLOYER, text, start)) {
            return typed(EntityType.ORGANIZATION);
        }
        if (matches(BEFORE_BY, text, start)) {
            return typed(name.first().isWord("The") ? EntityType.ORGANIZATION : EntityType.PERSON);
        }
        if (givenName || !isAcronym(name) && (matches(BEFORE_PERSON, text, start) || follows(AFTER_PERSON, text, end)
                && (!matches(BEFORE_PLACE, text, start) || text.startsWith("'s", end)))
                || name.tokens().size() == 1 && (name.opensSentence() || matches(BEFORE_CLAUSE, text, start))
                        && NameSpans.OPENING_SUBJECT.matcher(text).region(end, text.length()).lookingAt()) {
            // "in Surulere and I'm the oldest", "a hotel in Uppsala wants": after "in", what a person does
            // follows a place too; "Osas went back to work", "they're fine, Ivie turned one" open a clause with
            // the one who did it
            return typed(EntityType.PERSON);
        }
        return typed(matches(BEFORE_PLACE, text, start) ? EntityType.PLACE : EntityType.THING);
    }

    /** Whether the words before {@code start} announce a work: "watched ...", "the book ...". */
    static boolean followsWorkCue(String text, int start) {
        return matches(BEFORE_WORK_VERB, text, start) || matches(BEFORE_WORK_NOUN, text, start);
    }

    /** "Hey Jolene,", "Thanks, Nate!", "Jolene, guess what": a person, unless the lists know the name as more. */
    private static boolean isAddressed(String text, Name name, Optional<EntityType> known) {
        if (matches(BEFORE_GREETING, text, name.start()) && follows(AFTER_ADDRESS, text, name.end())) {
            return true;
        }
        boolean vocative = name.opensSentence() && follows(AFTER_COMMA, text, name.end())
                && !follows(LIST_AFTER, text, name.end())
                || matches(BEFORE_COMMA, text, name.start()) && follows(AFTER_SENTENCE_END, text, name.end());
        return vocative && known.isEmpty() && byShape(name).isEmpty() && name.isPersonShaped()
                && name.tokens().size() <= 2;
    }

    /** "HR", "IT": an acronym in a person's context is still no person. */
    private static boolean isAcronym(Name name) {
        return name.tokens().size() == 1 && name.first().isAllCaps();
    }

    /** A title in quotes: 'my favourite book is "Dune"'. */
    private static boolean isQuoted(String text, int start, int end) {
        return start > 0 && end < text.length() && OPENING_QUOTES.indexOf(text.charAt(start - 1)) >= 0
                && CLOSING_QUOTES.indexOf(text.charAt(end)) >= 0;
    }

    private static boolean isPersonContext(String text, int start, int end) {
        return matches(BEFORE_PERSON, text, start) || follows(AFTER_PERSON, text, end);
    }

    private static Optional<EntityType> byShape(Name name) {
        String last = lower(name.last());
        String first = lower(name.first());
        boolean several = name.tokens().size() > 1;
        if (several && ORGANIZATION_LAST.contains(last) || several && ORGANIZATION_FIRST.contains(first)
                && !first.equals("museum")) {
            return Optional.of(EntityType.ORGANIZATION);
        }
        if (several && EVENT_LAST.contains(last)) {
            return Optional.of(EntityType.EVENT);
        }
        if (several && (PLACE_LAST.contains(last) || PLACE_FIRST.contains(first))) {
            return Optional.of(EntityType.PLACE);
        }
        return Optional.empty();
    }

    private static String lower(Token token) {
        return token.text().toLowerCase(Locale.ROOT);
    }

    private static Typed typed(EntityType type) {
        return new Typed(type, false);
    }

    /** Whether the text may name a pet: false means no name in it is typed {@link EntityType#PET}. */
    static boolean mayNamePet(String text) {
        return PET_WORD.matcher(text).find();
    }

    private static Pattern before(String regex) {
        return Pattern.compile("(?:" + regex + ")$", CASE_INSENSITIVE);
    }

    private static Pattern after(String regex) {
        return Pattern.compile(regex, CASE_INSENSITIVE);
    }

    private static boolean matches(Pattern before, String text, int start) {
        return before.matcher(text).region(Math.max(0, start - WINDOW), start).useTransparentBounds(true).find();
    }

    private static boolean follows(Pattern after, String text, int end) {
        return after.matcher(text).region(end, Math.min(text.length(), end + WINDOW)).lookingAt();
    }
}
