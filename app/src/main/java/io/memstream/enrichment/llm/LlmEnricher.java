package io.memstream.enrichment.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.memstream.domain.DateResolver;
import io.memstream.domain.Enricher;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Enrichment by LLM: the batch's user and assistant messages become a prompt (PII redacted), the prompt's hash is
 * looked up in the result cache, and otherwise each provider of the chain is asked in turn. An answer is validated
 * strictly; an invalid one gets one repair request with the problems fed back, then the next provider is asked.
 *
 * <p>When no provider gives a valid answer this throws: {@link AllProvidersUnavailableException} if any of them was
 * unavailable (so the batch waits and is tried again), else the last {@link InvalidModelOutputException}. Falling back
 * to the offline enricher is the enrichment stage's decision, not this class's.
 *
 * <p>Blocks for the calls: run it on a worker thread, never on a stream thread.
 */
public final class LlmEnricher implements Enricher {

    /** English weekday names whatever the machine's locale, as the prompt is English. */
    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd EEE HH:mm xxx", Locale.ENGLISH);

    private final List<LlmProvider> providers;
    private final PromptTemplate template;
    private final ModelAnswerParser parser;
    private final MemoryAssembler assembler;
    private final PiiRedactor redactor;
    private final PromptCache cache;
    private final int maxMemories;
    private final MeterRegistry registry;

    public LlmEnricher(List<LlmProvider> providers, PromptTemplate template, int maxMemories, PiiRedactor redactor,
                       PromptCache cache, MeterRegistry registry) {
        this.registry = registry;
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("an LLM enricher needs at least one provider");
        }
        this.providers = List.copyOf(providers);
        this.template = template;
        this.parser = new ModelAnswerParser(maxMemories);
        this.assembler = new MemoryAssembler(template.version(), registry);
        this.redactor = redactor;
        this.cache = cache;
        this.maxMemories = maxMemories;
    }

    @Override
    public List<EnhancedMemory> enrich(MessageBatch batch) {
        List<ChatMessage> transcript = transcriptOf(batch);
        if (transcript.stream().noneMatch(m -> m.getRole() == Role.USER)) {
            return List.of();
        }
        PiiRedactor.Session pii = redactor.session();
        List<PromptTemplate.Line> lines = new ArrayList<>();
        for (int i = 0; i < transcript.size(); i++) {
            ChatMessage message = transcript.get(i);
            lines.add(new PromptTemplate.Line(i + 1, message.getRole().name().toLowerCase(Locale.ROOT),
                    written(message), pii.redact(message.getContent())));
        }
        PromptTemplate.Prompt prompt = template.render(lines, maxMemories);
        Optional<PromptCache.Answer> cached = cache.get(prompt.hash());
        if (cached.isPresent()) {
            return assembler.assemble(batch, transcript, cached.get().drafts(), pii, cached.get().model());
        }
        List<ProviderUnavailableException> unavailable = new ArrayList<>();
        List<LlmProvider> down = new ArrayList<>();
        InvalidModelOutputException invalid = null;
        for (int i = 0; i < providers.size(); i++) {
            LlmProvider provider = providers.get(i);
            boolean nextInChain = i + 1 < providers.size();
            try {
                List<MemoryDraft> drafts = ask(provider, prompt, lines.size());
                cache.put(prompt.hash(), new PromptCache.Answer(drafts, provider.label()));
                down.forEach(p -> p.outages().meanwhile("batches went to " + provider.label()));
                return assembler.assemble(batch, transcript, drafts, pii, provider.label());
            } catch (ProviderUnavailableException e) {
                unavailable.add(e);
                down.add(provider);
                fellBack(provider, e.reason(), nextInChain);
            } catch (InvalidModelOutputException e) {
                invalid = new InvalidModelOutputException(provider.label() + " answered twice with invalid output for batch "
                        + batch.getBatchId() + ": " + e.getMessage());
                fellBack(provider, "invalid_output", nextInChain);
            }
        }
        if (!unavailable.isEmpty()) {
            throw new AllProvidersUnavailableException(batch.getBatchId(), unavailable);
        }
        throw invalid;
    }

    @Override
    public String model() {
        return providers.get(0).label();
    }

    public List<LlmProvider> providers() {
        return providers;
    }

    /** Messages the model reads: user and assistant chat, in order; system and tool messages stay out of the prompt. */
    static List<ChatMessage> transcriptOf(MessageBatch batch) {
        return batch.getMessages().stream()
                .filter(m -> m.getType() == MessageType.MESSAGE && m.getContent() != null && !m.getContent().isBlank())
                .filter(m -> m.getRole() == Role.USER || m.getRole() == Role.ASSISTANT)
                .toList();
    }

    /** The writer's local date, weekday, time, offset and zone: what the model resolves relative dates against. */
    static String written(ChatMessage message) {
        ZoneId zone = DateResolver.zoneOrUtc(message.getTimezone());
        return WRITTEN.format(message.getTimestamp().atZone(zone)) + " " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
    }

    private List<MemoryDraft> ask(LlmProvider provider, PromptTemplate.Prompt prompt, int messageCount) {
        SystemMessage system = SystemMessage.from(prompt.system());
        UserMessage user = UserMessage.from(prompt.user());
        ChatResponse first = provider.chat(ChatRequest.builder().messages(system, user).build());
        String answer = first.aiMessage().text();
        try {
            return parse(first, messageCount);
        } catch (InvalidModelOutputException problem) {
            count(provider, "invalid");
            ChatResponse second = provider.chat(ChatRequest.builder()
                    .messages(system, user, AiMessage.from(answer == null ? "" : answer),
                            UserMessage.from(template.repair(problem.getMessage())))
                    .build());
            try {
                List<MemoryDraft> repaired = parse(second, messageCount);
                count(provider, "repaired");
                return repaired;
            } catch (InvalidModelOutputException stillInvalid) {
                count(provider, "repair_failed");
                throw stillInvalid;
            }
        }
    }

    private List<MemoryDraft> parse(ChatResponse response, int messageCount) {
        if (response.finishReason() == FinishReason.LENGTH) {
            throw new InvalidModelOutputException("the answer was cut off at the output token limit: "
                    + "give fewer or shorter memories");
        }
        return parser.parse(response.aiMessage().text(), messageCount);
    }

    private void count(LlmProvider provider, String outcome) {
        registry.counter(MetricNames.LLM_INVALID_OUTPUT, MetricNames.TAG_PROVIDER, provider.name(),
                MetricNames.TAG_OUTCOME, outcome).increment();
    }

    /**
     * Counts a provider given up on for a batch when the chain goes on to another provider; after the last one the
     * enrichment stage counts the fall back to offline, and without it nothing fell back: the batch waits.
     */
    private void fellBack(LlmProvider provider, String reason, boolean nextInChain) {
        if (!nextInChain) {
            return;
        }
        registry.counter(MetricNames.LLM_FALLBACK_ACTIVATIONS, MetricNames.TAG_PROVIDER, provider.name(),
                MetricNames.TAG_REASON, reason).increment();
    }

    /** Every provider was unavailable, or unavailable and invalid; {@link #retryAfter()} is the soonest one may answer. */
    public static final class AllProvidersUnavailableException extends RuntimeException {

        private final transient Duration retryAfter;
        private final transient List<String> providers;

        AllProvidersUnavailableException(String batchId, List<ProviderUnavailableException> causes) {
            super("no provider could enrich batch " + batchId + ": " + String.join("; ",
                    causes.stream().map(Throwable::getMessage).toList()), causes.get(causes.size() - 1));
            this.retryAfter = causes.stream().map(ProviderUnavailableException::retryAfter)
                    .min(Duration::compareTo).orElse(Duration.ZERO);
            causes.subList(0, causes.size() - 1).forEach(this::addSuppressed);
            this.providers = causes.stream().map(ProviderUnavailableException::provider).toList();
        }

        /** Names of the providers that were unavailable. */
        public List<String> providers() {
            return providers;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
