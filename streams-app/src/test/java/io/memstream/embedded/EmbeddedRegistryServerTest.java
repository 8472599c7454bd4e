package io.memstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.schemas.ChatMessage;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the embedded registry over HTTP on loopback, as Confluent's clients do. */
class EmbeddedRegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "chat-messages-value";

    private final String scope = "registry-server-test-" + UUID.randomUUID();
    private final EmbeddedRegistryServer server = EmbeddedRegistryServer.serve(scope);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
        MockSchemaRegistry.drop(scope);
    }

    private record Reply(int status, JsonNode body, String contentType) {
        int errorCode() {
            return body.path("error_code").asInt();
        }
    }

    private Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", EmbeddedRegistryServer.CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private static String schemaRequest(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    /** ChatMessage without {@code user_id}: a change Confluent calls BACKWARD-compatible. */
    private static String chatMessageWithoutUserId() throws IOException {
        ObjectNode schema = (ObjectNode) JSON.readTree(ChatMessage.getClassSchema().toString());
        for (Iterator<JsonNode> fields = ((ArrayNode) schema.get("fields")).elements(); fields.hasNext(); ) {
            if (fields.next().path("name").asText().equals("user_id")) {
                fields.remove();
            }
        }
        return schema.toString();
    }

    @Test
    void servesWhatConfluentClientsReadAfterARegistration() throws Exception {
        String schema = ChatMessage.getClassSchema().toString();
        Reply registered = call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(schema));
        int id = registered.body().path("id").asInt();

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(schema)).body().path("id").asInt()).isEqualTo(id);
        assertThat(call("GET", "/subjects", null).body()).containsExactly(JSON.getNodeFactory().textNode(SUBJECT));
        assertThat(call("GET", "/subjects/" + SUBJECT + "/versions", null).body().toString()).isEqualTo("[1]");
        JsonNode latest = call("GET", "/subjects/" + SUBJECT + "/versions/latest", null).body();
        assertThat(latest.path("subject").asText()).isEqualTo(SUBJECT);
        assertThat(latest.path("version").asInt()).isEqualTo(1);
        assertThat(latest.path("id").asInt()).isEqualTo(id);
        assertThat(latest.path("schema").asText()).isEqualTo(schema);
        assertThat(call("GET", "/subjects/" + SUBJECT + "/versions/1/schema", null).body()).isEqualTo(JSON.readTree(schema));
        JsonNode lookedUp = call("POST", "/subjects/" + SUBJECT, schemaRequest(schema)).body();
        assertThat(lookedUp.path("id").asInt()).isEqualTo(id);
        assertThat(lookedUp.path("version").asInt()).isEqualTo(1);
        assertThat(call("GET", "/schemas/ids/" + id, null).body().path("schema").asText()).isEqualTo(schema);
        assertThat(call("GET", "/schemas/ids/" + id + "/schema", null).body()).isEqualTo(JSON.readTree(schema));
        assertThat(call("GET", "/schemas/ids/" + id + "/versions", null).body().toString())
                .isEqualTo("[{\"subject\":\"" + SUBJECT + "\",\"version\":1}]");
        assertThat(call("GET", "/schemas/types", null).body().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void refusesAnUnrelatedRecordUnderChatMessagesWith409() throws Exception {
        call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(ChatMessage.getClassSchema().toString()));

        Reply refused = call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(
                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.body().path("message").asText()).contains("incompatible");
    }

    @Test
    void answersInvalidSchemasWith42201InsteadOfDroppingTheConnection() throws Exception {
        Reply badDefault = call("POST", "/subjects/s-value/versions", schemaRequest(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"ten\"}]}"));
        Reply jsonSchema = call("POST", "/subjects/s-value/versions",
                "{\"schemaType\":\"JSON\",\"schema\":\"{\\\"type\\\":\\\"object\\\"}\"}");
        Reply notJson = call("POST", "/subjects/s-value/versions", "{schema:");

        assertThat(badDefault.status()).isEqualTo(422);
        assertThat(badDefault.errorCode()).isEqualTo(42201);
        assertThat(jsonSchema.errorCode()).isEqualTo(42201);
        assertThat(jsonSchema.body().path("message").asText()).contains("only AVRO");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo(400);
    }

    @Test
    void readsAndWritesTheGlobalAndSubjectCompatibilityLevels() throws Exception {
        assertThat(call("GET", "/config", null).body().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        Reply unset = call("GET", "/config/" + SUBJECT, null);
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(call("GET", "/config/" + SUBJECT + "?defaultToGlobal=true", null).body().path("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        Reply set = call("PUT", "/config/" + SUBJECT, "{\"compatibility\":\"FULL_TRANSITIVE\"}");

        assertThat(set.body().path("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(call("GET", "/config/" + SUBJECT, null).body().path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(call("PUT", "/config", "{\"compatibility\":\"NONE\"}").body().path("compatibility").asText()).isEqualTo("NONE");
        Reply invalid = call("PUT", "/config/" + SUBJECT, "{\"compatibility\":\"SOMETIMES\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
        assertThat(call("DELETE", "/config/" + SUBJECT, null).body().path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
    }

    @Test
    void checksCompatibilityWithoutRegistering() throws Exception {
        call("PUT", "/config/" + SUBJECT, "{\"compatibility\":\"FULL\"}");
        call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(ChatMessage.getClassSchema().toString()));

        Reply check = call("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest?verbose=true",
                schemaRequest(chatMessageWithoutUserId()));

        assertThat(check.body().path("is_compatible").asBoolean(true)).isFalse();
        assertThat(check.body().path("messages").toString()).contains("user_id");
        assertThat(call("GET", "/subjects/" + SUBJECT + "/versions", null).body().toString()).isEqualTo("[1]");
        assertThat(call("POST", "/compatibility/subjects/" + SUBJECT + "/versions/1",
                schemaRequest(ChatMessage.getClassSchema().toString())).body().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void deletesSoftlyThenPermanently() throws Exception {
        call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(ChatMessage.getClassSchema().toString()));

        assertThat(call("DELETE", "/subjects/" + SUBJECT, null).body().toString()).isEqualTo("[1]");
        assertThat(call("GET", "/subjects", null).body().toString()).isEqualTo("[]");
        assertThat(call("GET", "/subjects?deleted=true", null).body().toString()).isEqualTo("[\"" + SUBJECT + "\"]");
        assertThat(call("DELETE", "/subjects/" + SUBJECT + "?permanent=true", null).body().toString()).isEqualTo("[1]");
        assertThat(call("DELETE", "/subjects/" + SUBJECT + "/versions/1", null).errorCode()).isEqualTo(40401);
    }

    @Test
    void answersConfluentErrorCodesForWhatIsNotThere() throws Exception {
        call("POST", "/subjects/" + SUBJECT + "/versions", schemaRequest(ChatMessage.getClassSchema().toString()));

        assertThat(call("GET", "/subjects/nope/versions", null).errorCode()).isEqualTo(40401);
        assertThat(call("GET", "/subjects/" + SUBJECT + "/versions/9", null).errorCode()).isEqualTo(40402);
        assertThat(call("GET", "/subjects/" + SUBJECT + "/versions/zero", null).errorCode()).isEqualTo(42202);
        assertThat(call("GET", "/schemas/ids/99", null).errorCode()).isEqualTo(40403);
        Reply unknown = call("GET", "/nothing/here", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(call("PATCH", "/subjects", null).status()).isEqualTo(405);
    }

    @Test
    void memstreamsRestClientReadsAndSetsASubjectsLevel() {
        SchemaRegistryClient client = SchemaRegistries.forUrl(server.url(), null);

        assertThat(client.subjectCompatibility(SUBJECT)).isEmpty();
        client.setSubjectCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(client.subjectCompatibility(SUBJECT)).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(MockSchemaRegistry.scope(scope).subjects().compatibilityOf(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }
}
