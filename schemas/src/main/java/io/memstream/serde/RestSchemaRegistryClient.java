package io.memstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.registry.CompatibilityLevel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Karapace and
 * Redpanda). The endpoints used: {@code POST /subjects/{subject}/versions}, {@code GET /schemas/ids/{id}} and
 * {@code GET|PUT /config/{subject}}. Several base URLs may be given; each call tries them in order.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    /**
     * @param baseUrls registry URLs, e.g. {@code http://registry:8081}
     * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
     */
    public RestSchemaRegistryClient(List<String> baseUrls, String basicAuthUserInfo) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("schema registry URL list is empty");
        }
        this.baseUrls = baseUrls.stream().map(u -> URI.create(u.endsWith("/") ? u : u + "/")).toList();
        this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, Schema schema) {
        String key = subject + '\u0000' + schema;
        Integer known = idsBySubjectAndSchema.get(key);
        if (known != null) {
            return known;
        }
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        JsonNode answer = call("POST", "subjects/" + encode(subject) + "/versions", body,
                "register a schema under subject " + subject)
                .orElseThrow(() -> new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                        "the registry answered 404 when registering subject " + subject));
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                    "registry answered without an id when registering subject " + subject + ": " + answer);
        }
        idsBySubjectAndSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        JsonNode answer = call("GET", "schemas/ids/" + id, null, "fetch schema id " + id)
                .orElseThrow(() -> new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
                        "the registry has no schema id " + id));
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.put(id, schema);
        return schema;
    }

    /** Empty when the subject follows the global level (the registry answers 404, error code 40408 or 40401). */
    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return call("GET", "config/" + encode(subject), null, "read the compatibility level of subject " + subject)
                .map(answer -> CompatibilityLevel.parse(answer.path("compatibilityLevel").asText(null)));
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        String body = JSON.createObjectNode().put("compatibility", level.name()).toString();
        call("PUT", "config/" + encode(subject), body, "set the compatibility level of subject " + subject)
                .orElseThrow(() -> new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                        "the registry answered 404 when setting the compatibility level of subject " + subject));
    }

    /**
     * The answer, or empty when the registry says 404. Not found and a refused schema (409, 422) are answers, not
     * outages: no other URL is tried for them.
     */
    private Optional<JsonNode> call(String method, String path, String body, String what) {
        WireFormatException last = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", CONTENT_TYPE);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() == 409 || response.statusCode() == 422) {
                    throw new WireFormatException(WireFormatException.Reason.SCHEMA_REJECTED,
                            "the registry at " + base + " refused to " + what + ": HTTP " + response.statusCode()
                                    + " " + response.body());
                }
                if (response.statusCode() / 100 != 2) {
                    last = new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                            "could not " + what + " at " + base + ": HTTP " + response.statusCode() + " " + response.body());
                    continue;
                }
                return Optional.of(JSON.readTree(response.body()));
            } catch (IOException e) {
                last = new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                        "could not " + what + " at " + base + ": " + e + "; check schema.registry.url", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "interrupted while trying to " + what, e);
            }
        }
        throw last;
    }

    private static String encode(String subject) {
        return java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
