package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class UnknownSettingsTest {

    @Test
    void aMisspelledMemstreamKeyIsRejectedWithTheNearestValidKey() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("batch.sise", "30")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting batch.sise: did you mean batch.size?");
    }

    @Test
    void anUnknownKeyFarFromEveryKeySaysWhereTheKeysAreDocumented() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.quantum.flux", "on")))
                .hasMessageContaining("unknown setting enrichment.quantum.flux: no such memstream setting");
    }

    @Test
    void everyUnknownKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("memory.scop", "user", "topic.mesages", "in")))
                .hasMessage("unknown setting memory.scop: did you mean memory.scope? (also unknown: topic.mesages)");
    }

    @Test
    void aMisspelledSinkKeyIsRejectedToo() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("sink.conect.url", "http://connect:8083")))
                .hasMessage("unknown setting sink.conect.url: did you mean sink.connect.url?");
    }

    @Test
    void kafkaKeysPassThroughToKafkaStreams() {
        MemstreamConfig config = new MemstreamConfig(Map.of("num.stream.threads", "2", "state.dir", "/tmp/x",
                "security.protocol", "SASL_SSL", "state.cleanup.delay.ms", "1000"));
        assertThat(config.streamsProperties()).containsEntry("num.stream.threads", "2")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("state.cleanup.delay.ms", "1000");
    }

    @Test
    void anLlmProviderKeyIsCheckedLikeAnyOther() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.openai.modle", "gpt")))
                .hasMessage("unknown setting enrichment.openai.modle: did you mean enrichment.openai.model?");
    }
}
