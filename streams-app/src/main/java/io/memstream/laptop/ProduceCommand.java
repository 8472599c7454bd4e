package io.memstream.laptop;

import io.memstream.app.ConfigLoader;
import io.memstream.app.KafkaReachability;
import io.memstream.config.MemstreamConfig;
import io.memstream.feed.InputFiles;
import io.memstream.feed.MessagePublisher;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memstream produce --config ... --input ...}: publish JSON lines of chat messages. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publish chat messages (one JSON object per line, snake_case fields) to the messages topic.")
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (bootstrap.servers, schema.registry.url, topic.messages, ...).")
    private Path config;

    @Option(names = "--input", paramLabel = "FILE", description = "JSON lines to publish; default: the bundled sample conversations.")
    private Path input;

    @Option(names = "--end-sessions", description = "After the input, close every session it named with a SESSION_END record.")
    private boolean endSessions;

    @Override
    public Integer call() throws Exception {
        MemstreamConfig settings = new MemstreamConfig(ConfigLoader.load(config, System.getenv()));
        KafkaReachability.require(settings, KafkaReachability.TIMEOUT);
        try (InputStream lines = InputFiles.open(input); MessagePublisher publisher = MessagePublisher.create(settings)) {
            MessagePublisher.Result result = publisher.publish(lines, InputFiles.describe(input), endSessions, System.out::println);
            System.out.printf("published %d messages and %d session ends to %s; %d bad lines skipped (sent to %s)%n",
                    result.messages(), result.sessionEnds(), settings.topics().messages(), result.errors().size(),
                    settings.topics().deadLetterOf(settings.topics().messages()));
            return 0;
        }
    }
}
