package io.memstream.app;

import io.memstream.config.MemstreamConfig;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SchemaRegistryClient;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the compatibility level memstream needs on the subjects whose records it reads with its own reader schema.
 *
 * <p>memstream reads chat-messages with ChatMessage.avsc, resolving each record from the schema it was written with.
 * That works only for writer schemas the reader can resolve: a producer that drops {@code user_id} (no default)
 * writes records no memstream can read, yet Confluent's default level, BACKWARD, accepts that change. FULL_TRANSITIVE
 * accepts only what every version reads in both directions: new producer schemas are readable by every memstream
 * reader deployed so far (the forward half), and a newer memstream reader still reads the whole topic on a replay (the
 * backward half). In practice: add or drop only fields that have defaults.
 */
public final class SubjectCompatibility {

    /** The level memstream needs on its input subject, {@code <messages topic>-value}. */
    static final CompatibilityLevel CHAT_MESSAGES_LEVEL = CompatibilityLevel.FULL_TRANSITIVE;

    private static final Logger LOG = LoggerFactory.getLogger(SubjectCompatibility.class);

    private SubjectCompatibility() {
    }

    /** The subjects memstream owns and the level each needs. */
    static Map<String, CompatibilityLevel> requiredLevels(MemstreamConfig config) {
        return Map.of(AvroWireFormat.subject(config.topics().messages(), false), CHAT_MESSAGES_LEVEL);
    }

    /** Applies {@link #requiredLevels} to the configured registry; never fails start-up. */
    public static void ensure(MemstreamConfig config) {
        SchemaRegistryClient registry;
        try {
            registry = SchemaRegistries.fromConfig(config.serdeConfig());
        } catch (RuntimeException e) {
            LOG.warn("schema registry: cannot check subject compatibility levels: {}", e.getMessage());
            return;
        }
        requiredLevels(config).forEach((subject, level) -> ensure(registry, subject, level));
    }

    /**
     * Sets {@code needed} on {@code subject} unless the subject's own level already guarantees it. A registry that
     * refuses (read-only, no permission, unreachable) gets one warning line, not a failed start.
     *
     * @return whether the level was set
     */
    static boolean ensure(SchemaRegistryClient registry, String subject, CompatibilityLevel needed) {
        try {
            Optional<CompatibilityLevel> current = registry.subjectCompatibility(subject);
            if (current.isPresent() && current.get().guarantees(needed)) {
                return false;
            }
            registry.setSubjectCompatibility(subject, needed);
            LOG.info("schema registry: compatibility of {} set to {} (was {}), so that every producer schema it accepts"
                    + " is one memstream can read", subject, needed, current.map(Enum::name).orElse("the global level"));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("schema registry: could not set compatibility {} on {} ({}); set it with PUT /config/{} or producers"
                    + " may register schemas memstream cannot read", needed, subject, e.getMessage(), subject);
            return false;
        }
    }
}
