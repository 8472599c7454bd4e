package io.memstream.serde;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Turns the {@code schema.registry.url} setting into a client: {@code mock://scope} or HTTP(S) URLs, comma separated. */
public final class SchemaRegistries {

    /** The registry URL: {@code mock://<scope>} for the in-process registry, else one or more HTTP(S) URLs. */
    public static final String URL_CONFIG = "schema.registry.url";
    /** Optional {@code user:password} for HTTP basic authentication against the registry. */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";

    private static final String MOCK_PREFIX = "mock://";

    private SchemaRegistries() {
    }

    /** The client for a registry URL setting. */
    public static SchemaRegistryClient forUrl(String url, String basicAuthUserInfo) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL_CONFIG + " is not set: give http(s)://host:port of a "
                    + "Confluent-compatible schema registry, or mock://<scope> for the in-process one");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith(MOCK_PREFIX)) {
            return MockSchemaRegistry.scope(trimmed.substring(MOCK_PREFIX.length()));
        }
        List<String> urls = Arrays.stream(trimmed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String u : urls) {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new IllegalArgumentException(URL_CONFIG + " entry '" + u + "' is neither http(s):// nor mock://");
            }
        }
        return new RestSchemaRegistryClient(urls, basicAuthUserInfo);
    }

    /** The client named by a Kafka-style config map ({@link #URL_CONFIG}, {@link #BASIC_AUTH_USER_INFO_CONFIG}). */
    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        Object url = configs.get(URL_CONFIG);
        Object auth = configs.get(BASIC_AUTH_USER_INFO_CONFIG);
        return forUrl(url == null ? null : url.toString(), auth == null ? null : auth.toString());
    }
}
