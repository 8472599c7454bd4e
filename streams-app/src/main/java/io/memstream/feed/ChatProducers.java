package io.memstream.feed;

import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.ChatMessage;
import io.memstream.serde.SpecificAvroSerde;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers of chat messages as a chat service would run them: idempotent, acks=all, keyed by session_id. */
public final class ChatProducers {

    private ChatProducers() {
    }

    public static KafkaProducer<String, ChatMessage> create(MemstreamConfig config) {
        SpecificAvroSerde<ChatMessage> values = new SpecificAvroSerde<>(ChatMessage.class);
        values.configure(config.serdeConfig(), false);
        return new KafkaProducer<>(properties(config), new StringSerializer(), values);
    }

    /** A producer of raw bytes, for dead letters: the rejected input exactly as it was. */
    static KafkaProducer<byte[], byte[]> createRaw(MemstreamConfig config) {
        return new KafkaProducer<>(properties(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The app's Kafka client settings that apply to producers, made idempotent with acks=all. */
    private static Properties properties(MemstreamConfig config) {
        Properties props = new Properties();
        config.streamsProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString())) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(MemstreamConfig.BOOTSTRAP_SERVERS));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
