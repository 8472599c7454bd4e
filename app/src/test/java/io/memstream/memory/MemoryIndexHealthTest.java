package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.topology.MemstreamTopology;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class MemoryIndexHealthTest {

    @Test
    void healthOfAnInstanceWhoseStoresAreNotReadySaysSo() throws Exception {
        MemstreamConfig config = new MemstreamConfig(Map.of(
                MemstreamConfig.STATE_DIR, Files.createTempDirectory("memstream-health-").toString(),
                MemstreamConfig.MEMORY_EMBEDDING_THREADS, 0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MemoryServices memory = MemoryServices.fromConfig(config.memory().embedding(), registry);
        try (KafkaStreams streams = new KafkaStreams(MemstreamTopology.build(config,
                EnrichmentService.create(config.enrichment(), registry), memory, registry), config.streamsProperties())) {
            Map<String, Object> health = MemoryIndexHealth.of(streams, TopologyNames.MEMORIES_STORE, memory);
            assertThat(health).containsEntry("total_memories", -1L)
                    .containsEntry("embedding_queue", 0L);
        }
    }
}
