package io.memstream.evaluation;

import io.memstream.app.ConfigLoader;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.feed.Progress;
import io.memstream.schemas.ChatMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code memstream eval}: runs the configured enricher over the labelled evaluation set and prints how well its
 * memories match the labels (docs/evaluation.md). Results go to stdout, progress to stderr.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score the enricher against the labelled evaluation set: recall, precision, category, date, "
                + "people and entity accuracy, filler, duplicates, throughput and time invariance.")
public final class EvalCommand implements Callable<Integer> {

    /** How far the time-invariance run moves every timestamp. */
    static final int SHIFT_YEARS = 5;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--set", paramLabel = "PART", defaultValue = "all",
            description = "Bundled part to score: dev, heldout or all (default: ${DEFAULT-VALUE}: each part in the jar).")
    private String set;

    @Option(names = "--messages", paramLabel = "FILE", description = "Messages file (JSON lines, the demo's input format) instead of a bundled part; needs --labels.")
    private Path messages;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file for --messages (one line per user message).")
    private Path labels;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file: enrichment.providers and the LLM settings, as for 'run' (default: the offline enricher).")
    private Path config;

    @Option(names = "--misses", paramLabel = "N", defaultValue = "0",
            description = "Also print the first N missed expected memories, false positives, and matched memories with wrong dates or people.")
    private int misses;

    @Override
    public Integer call() {
        if ((messages == null) != (labels == null)) {
            throw new IllegalArgumentException("give both --messages and --labels, or neither to score a bundled part");
        }
        if (misses < 0) {
            throw new IllegalArgumentException("--misses must be 0 or more, was " + misses);
        }
        MemstreamConfig settings = config == null
                ? new MemstreamConfig(Map.of(MemstreamConfig.ENRICHMENT_PROVIDERS, EnrichmentProvider.OFFLINE.configValue()))
                : new MemstreamConfig(ConfigLoader.load(config, System.getenv()));
        Map<String, Optional<EvaluationSet>> parts = parts();
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        Progress progress = new Progress(err);
        try (EnrichmentService service = EnrichmentService.create(settings.enrichment(), new SimpleMeterRegistry())) {
            for (Map.Entry<String, Optional<EvaluationSet>> part : parts.entrySet()) {
                if (part.getValue().isEmpty()) {
                    out.println("== " + part.getKey() + ": not in this build (" + EvaluationSet.RESOURCE_FOLDER
                            + part.getKey() + "-messages.jsonl and -labels.jsonl)");
                    out.println();
                    continue;
                }
                EvaluationSet evaluated = part.getValue().get();
                EvaluationRun run = EvaluationRun.of(evaluated, service, settings.batching().size(),
                        settings.batching().idleTimeout(), progress::status);
                EvaluationRun shifted = EvaluationRun.of(evaluated.shiftedByYears(SHIFT_YEARS), service,
                        settings.batching().size(), settings.batching().idleTimeout(), progress::status);
                progress.endStatus();
                run.failures().forEach(failure -> err.println("  not enriched: " + failure));
                EvaluationScore score = EvaluationScore.of(evaluated.labels(), contents(evaluated), run.memories());
                print(out, evaluated, settings, run, shifted, score);
                out.flush();
            }
        }
        return 0;
    }

    private Map<String, Optional<EvaluationSet>> parts() {
        Map<String, Optional<EvaluationSet>> parts = new LinkedHashMap<>();
        if (messages != null) {
            EvaluationSet fromFiles = EvaluationSet.fromFiles(messages, labels);
            parts.put(fromFiles.name(), Optional.of(fromFiles));
            return parts;
        }
        String wanted = set.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("all")) {
            EvaluationSet.PARTS.forEach(p -> parts.put(p, EvaluationSet.bundled(p)));
            return parts;
        }
        Optional<EvaluationSet> part = EvaluationSet.bundled(wanted);
        if (part.isEmpty()) {
            throw new IllegalArgumentException("part '" + wanted + "' is not in this build: its files "
                    + EvaluationSet.RESOURCE_FOLDER + wanted + "-messages.jsonl and -labels.jsonl are missing "
                    + "from the jar; rebuild with them, or pass --messages and --labels");
        }
        parts.put(wanted, part);
        return parts;
    }

    private static Map<String, String> contents(EvaluationSet set) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (ChatMessage message : set.messages()) {
            contents.put(message.getMessageId(), message.getContent());
        }
        return contents;
    }

    private void print(PrintWriter out, EvaluationSet set, MemstreamConfig settings, EvaluationRun run,
                       EvaluationRun shifted, EvaluationScore score) {
        out.println("== " + set.name() + " (enrichment.providers=" + settings.enrichment().describeChain()
                + ", batch.size=" + settings.batching().size() + ")");
        row(out, "messages", set.messages().size() + " in " + set.sessions() + " sessions");
        row(out, "user messages", String.valueOf(set.userMessages()));
        row(out, "batches", run.batches() + " (" + run.trivial() + " small talk only, skipped like the pipeline; "
                + run.failures().size() + " not enriched, listed on stderr)");
        row(out, "expected memories", String.valueOf(score.expected()));
        row(out, "produced memories", String.valueOf(score.produced()));
        row(out, "recall", score.recall().toString());
        row(out, "precision", score.precision().toString());
        row(out, "category accuracy", score.categoryAccuracy().toString());
        row(out, "date accuracy", score.dateAccuracy().toString());
        row(out, "people accuracy", score.peopleAccuracy().toString());
        row(out, "entity accuracy", score.entityAccuracy().toString());
        row(out, "filler rate", score.fillerRate().toString());
        row(out, "duplicates", String.valueOf(score.duplicates()));
        // Over both runs: the second runs on a warmed-up JVM, and the sum is steadier on a shared machine.
        long sentences = run.sentences() + shifted.sentences();
        long nanos = run.enrichNanos() + shifted.enrichNanos();
        row(out, "sentences/s", String.format(Locale.ROOT, "%.0f (%d sentences in %.3f s of enrichment, both runs)",
                nanos == 0 ? 0 : sentences / (nanos / 1e9), sentences, nanos / 1e9));
        int before = run.memories().size();
        int after = shifted.memories().size();
        row(out, "time invariance", before + " memories; " + after + " with every timestamp +" + SHIFT_YEARS
                + " years (" + (before == after ? "same" : "DIFFERENT") + ")");
        if (misses > 0) {
            printMisses(out, score);
        }
        out.println();
    }

    private void printMisses(PrintWriter out, EvaluationScore score) {
        List<EvaluationScore.Miss> firstMisses = score.misses().subList(0, Math.min(misses, score.misses().size()));
        out.println("-- first " + firstMisses.size() + " of " + score.misses().size() + " misses");
        for (EvaluationScore.Miss miss : firstMisses) {
            out.println(miss.messageId() + ": " + miss.message());
            out.println("    expected keywords " + miss.keywords());
            out.println("    produced          " + (miss.produced().isEmpty() ? "nothing" : miss.produced()));
        }
        List<EvaluationScore.FalsePositive> firstFalse = score.falsePositives()
                .subList(0, Math.min(misses, score.falsePositives().size()));
        out.println("-- first " + firstFalse.size() + " of " + score.falsePositives().size() + " false positives");
        for (EvaluationScore.FalsePositive fp : firstFalse) {
            out.println(String.join(",", fp.messageIds()) + ": " + fp.message());
            out.println("    expected keywords " + (fp.expectedKeywords().isEmpty() ? "none" : fp.expectedKeywords()));
            out.println("    produced          " + fp.produced());
        }
        List<EvaluationScore.WrongField> firstWrong = score.wrongFields()
                .subList(0, Math.min(misses, score.wrongFields().size()));
        out.println("-- first " + firstWrong.size() + " of " + score.wrongFields().size() + " wrong dates or people");
        for (EvaluationScore.WrongField wrong : firstWrong) {
            out.println(wrong.messageId() + ": " + wrong.produced());
            out.println("    expected " + wrong.field() + " " + new TreeSet<>(wrong.expectedValues()));
            out.println("    produced " + wrong.field() + " " + new TreeSet<>(wrong.producedValues()));
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.println(String.format(Locale.ROOT, "%-20s %s", name, value));
    }
}
