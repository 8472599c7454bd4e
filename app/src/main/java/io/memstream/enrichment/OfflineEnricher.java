package io.memstream.enrichment;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.domain.DateResolver;
import io.memstream.domain.Enricher;
import io.memstream.domain.MemoryFields;
import io.memstream.domain.MemoryIds;
import io.memstream.enrichment.entities.EntityRecognizer;
import io.memstream.enrichment.entities.PersonReferents.Referent;
import io.memstream.enrichment.entities.PersonReferents;
import io.memstream.enrichment.extraction.Categories;
import io.memstream.enrichment.extraction.Extractor;
import io.memstream.enrichment.extraction.Statement;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The enricher that needs nothing installed: no network, no external model server. It is the default of the embedded
 * runtime and of tests, and gives the same memories for the same batch every time, so a replay after a crash writes
 * the same records under the same ids.
 *
 * <p>Only USER messages of type MESSAGE are read. The {@link Extractor} picks their memorable statements and
 * categories (see docs/extraction.md); this class gives each its fields: third-person summary, dates (read in the
 * statement's tense), people and entities, importance by category, validity of dated plans. Memories of one batch are
 * deduplicated by {@link MemoryIds#of}: the first statement wins and repeats add their message ids and widen
 * first/last seen. At most {@value #MAX_MEMORIES_PER_BATCH} are kept, the most important (earlier first on ties), in
 * the order they were written: twenty messages of friends catching up hold a dozen or two facts, so the cap only stops
 * pasted documents from flooding the index.
 */
public final class OfflineEnricher implements Enricher {

    public static final String MODEL = "offline";
    public static final String PROMPT_VERSION = "offline-extractor-v8";
    public static final int MAX_MEMORIES_PER_BATCH = 40;
    public static final String PERSONA_METADATA_KEY = MemoryFields.PERSONA_METADATA_KEY;
    public static final String DEFAULT_PERSONA = MemoryFields.DEFAULT_PERSONA;

    private static final double CONFIDENCE = 0.6;
    private static final double HEDGED_CONFIDENCE = 0.4;
    private static final int MAX_IMPORTANCE = 10;
    private static final int MAX_TAGS = 10;

    /** Facts that are plans when all their dates lie ahead; a birthday on March 10 stays a fact about a person. */
    private static final Set<String> PLANS_WHEN_AHEAD = Set.of(Categories.EVENT, Categories.OTHER);

    /** How much a category matters when memories compete for a place; a date adds one. */
    private static final Map<String, Integer> BASE_IMPORTANCE = Map.of(
            Categories.HEALTH, 8, Categories.PERSONAL_INFO, 6, Categories.RELATIONSHIP, 6, Categories.WORK, 6,
            Categories.EVENT, 6, Categories.PLAN, 5, Categories.PREFERENCE, 5, Categories.OPINION, 4,
            Categories.OTHER, 4);

    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final Pattern HEDGE = Pattern.compile(
            "\\b(?:maybe|perhaps|probably|possibly|might|i think|i guess|i suppose|not sure)\\b", CASE_INSENSITIVE);

    private final Extractor extractor;

    /**
     * The enricher on the project's extractor. The first one made in a JVM trains it (a few seconds: every labelled
     * sentence is embedded), so that the stream thread never waits for the training. Its embedding-cache lookups are
     * not counted: for evaluations and tests that read no meters.
     */
    public OfflineEnricher() {
        this.extractor = Extractor.standard();
    }

    /** The enricher of an app instance, whose embedding-cache lookups count on that instance's registry. */
    OfflineEnricher(MeterRegistry registry) {
        this.extractor = Extractor.standard(registry);
    }

    @Override
    public List<EnhancedMemory> enrich(MessageBatch batch) {
        Map<String, EnhancedMemory> byId = new LinkedHashMap<>();
        ChatMessage before = null;
        List<String> said = new ArrayList<>();
        Set<String> pets = new HashSet<>();
        for (ChatMessage message : batch.getMessages()) {
            if (isSource(message)) {
                String answered = isOtherParty(before) ? before.getContent() : null;
                pets.addAll(Mentions.petsIn(message.getContent()));
                for (Statement statement : extractor.statements(message.getContent(), answered)) {
                    EnhancedMemory memory = memory(statement, message, batch,
                            context(said, answered, message.getContent(), statement.content()), pets);
                    byId.merge(memory.getMemoryId(), memory, MemoryFields::merged);
                }
                said.add(message.getContent());
            }
            before = message;
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

    private static boolean isOtherParty(ChatMessage message) {
        return message != null && message.getRole() == Role.ASSISTANT && message.getType() == MessageType.MESSAGE
                && message.getContent() != null;
    }

    /**
     * What was said before a statement, oldest first, for the person a "he"/"she" of it stands for: the user's
     * earlier messages of the batch, the turn it answers, and its own message up to it.
     */
    private static List<String> context(List<String> said, String answered, String message, String statement) {
        List<String> context = new ArrayList<>(said);
        if (answered != null) {
            context.add(answered);
        }
        int at = message.indexOf(statement);
        if (at > 0) {
            context.add(message.substring(0, at));
        }
        return context;
    }

    private static EnhancedMemory memory(Statement statement, ChatMessage message, MessageBatch batch,
                                         List<String> context, Set<String> pets) {
        String content = statement.content();
        // Typographic apostrophes ("I’m") read like ASCII ones; same length, so indices stay valid in content.
        String text = content.replace('\u2019', '\'');
        Instant writtenAt = message.getTimestamp();
        ZoneId zone = DateResolver.zoneOrUtc(message.getTimezone());
        List<ResolvedPhrase> dates = DateResolver.resolve(content, writtenAt, message.getTimezone());
        String category = ahead(statement, dates, writtenAt.atZone(zone).toLocalDate())
                ? Categories.PLAN : statement.category();
        Mentions mentions = Mentions.in(text, content, dates).withPets(pets);
        Optional<Referent> referent = PersonReferents.of(text, context)
                .filter(named -> mentions.people().stream().noneMatch(person -> isOf(person, named.person())));
        String summary = ThirdPerson.rewrite(text)
                + referent.map(named -> " (\"" + named.pronoun() + "\" is " + named.person() + ")").orElse("")
                + (statement.answers() == null ? "" : " (answering \"" + statement.answers() + "\")");
        boolean hedged = HEDGE.matcher(text).find();
        return EnhancedMemory.newBuilder()
                .setMemoryId(MemoryIds.of(batch.getUserId(), batch.getBatchId(), content))
                .setUserId(batch.getUserId())
                .setAgentId(batch.getAgentId())
                .setSessionId(batch.getSessionId())
                .setContent(content)
                .setSummary(summary)
                .setCategory(category)
                .setPersona(MemoryFields.persona(message, batch))
                .setImportance(Math.min(MAX_IMPORTANCE, BASE_IMPORTANCE.get(category) + (dates.isEmpty() ? 0 : 1)))
                .setQualityScore(qualityScore(text, mentions, hedged))
                .setConfidence(hedged ? HEDGED_CONFIDENCE : CONFIDENCE)
                .setEntities(new ArrayList<>(mentions.entities()))
                .setDates(new ArrayList<>(dates.stream().map(ResolvedPhrase::toResolvedDate).toList()))
                .setPeople(new ArrayList<>(people(statement, mentions, referent, pets)))
                .setTags(new ArrayList<>(tags(category, mentions)))
                .setEmbedding(null)
                .setBatchIds(new ArrayList<>(List.of(batch.getBatchId())))
                .setSourceMessageIds(new ArrayList<>(List.of(message.getMessageId())))
                .setReinforcementCount(1)
                .setFirstSeen(writtenAt)
                .setLastSeen(writtenAt)
                .setExpiresAt(null)
                .setValidUntil(Categories.PLAN.equals(category) ? MemoryFields.validUntil(dates, zone) : null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel(MODEL)
                .setPromptVersion(PROMPT_VERSION)
                .build();
    }

    /**
     * The statement's people: the one its "he"/"she" stands for first, then those it names, then those of the other
     * party's question it answers ("Anything for Omer's birthday?" - "Yes, we're going to Eilat"). Pets the user
     * named are never people.
     */
    private static List<String> people(Statement statement, Mentions mentions, Optional<Referent> referent,
                                       Set<String> pets) {
        List<String> people = new ArrayList<>();
        referent.map(Referent::person).filter(person -> !pets.contains(person.toLowerCase(Locale.ROOT)))
                .ifPresent(people::add);
        people.addAll(mentions.people());
        if (statement.answers() != null) {
            String question = statement.answers().replace('\u2019', '\'');
            EntityRecognizer.recognize(question, statement.answers(), List.of()).people().stream()
                    .filter(person -> !pets.contains(person.toLowerCase(Locale.ROOT)))
                    .filter(person -> people.stream().noneMatch(known -> isOf(known, person) || isOf(person, known)))
                    .forEach(people::add);
        }
        return List.copyOf(people);
    }

    /** Whether a person of {@link Mentions#people()} is {@code name}: "Theo", or "Theo (brother)". */
    private static boolean isOf(String person, String name) {
        return person.equalsIgnoreCase(name) || person.regionMatches(true, 0, name + " (", 0, name.length() + 2);
    }

    /**
     * Whether a statement the classifier took for a fact is a plan by its dates: told in the present or future with
     * every date ahead of the day it was written ("the party is on the 17th"). Only this class knows when the message
     * was written.
     */
    private static boolean ahead(Statement statement, List<ResolvedPhrase> dates, LocalDate writtenOn) {
        return PLANS_WHEN_AHEAD.contains(statement.category()) && !statement.pastTense() && !dates.isEmpty()
                && dates.stream().allMatch(date -> date.firstDay().isAfter(writtenOn));
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

}
