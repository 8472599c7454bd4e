package io.memstream.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.registry.RegisteredSchema;
import io.memstream.registry.RegistryException;
import io.memstream.registry.SubjectRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Maps the Confluent Schema Registry REST API onto a {@link SubjectRegistry}: one request in (method, decoded path
 * segments, query, body), one JSON answer out, in the shapes Confluent's serializers and clients read. Refusals are
 * {@link RegistryException}s, which the server turns into Confluent's error JSON.
 */
final class RegistryRoutes {

    /** A JSON answer and its HTTP status. */
    record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }
    }

    /** No route for the path (404) or for the method on it (405): Confluent answers these with the HTTP status as code. */
    static final class NoRoute extends RuntimeException {
        final int status;

        NoRoute(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubjectRegistry registry;

    RegistryRoutes(SubjectRegistry registry) {
        this.registry = registry;
    }

    Answer route(String method, List<String> path, Map<String, String> query, byte[] body) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        return switch (first) {
            case "" -> only(method, "GET", () -> Answer.ok(JSON.createObjectNode()));
            case "subjects" -> subjects(method, path, query, body);
            case "schemas" -> schemas(method, path);
            case "config" -> config(method, path, query, body);
            case "compatibility" -> compatibility(method, path, query, body);
            default -> throw notFound();
        };
    }

    private Answer subjects(String method, List<String> path, Map<String, String> query, byte[] body) throws IOException {
        boolean deleted = flag(query, "deleted");
        boolean permanent = flag(query, "permanent");
        switch (path.size()) {
            case 1:
                return only(method, "GET", () -> Answer.ok(array(registry.subjects(deleted))));
            case 2: {
                String subject = path.get(1);
                if (method.equals("POST")) {
                    RegisteredSchema found = registry.lookup(subject, schemaOf(body));
                    return Answer.ok(describe(found));
                }
                return only(method, "DELETE", () -> Answer.ok(array(registry.deleteSubject(subject, permanent))));
            }
            case 3: {
                requireSegment(path, 2, "versions");
                String subject = path.get(1);
                if (method.equals("POST")) {
                    return Answer.ok(JSON.createObjectNode().put("id", registry.register(subject, schemaOf(body)).id()));
                }
                return only(method, "GET", () -> Answer.ok(array(registry.versions(subject, deleted))));
            }
            case 4: {
                requireSegment(path, 2, "versions");
                if (method.equals("DELETE")) {
                    return Answer.ok(JSON.getNodeFactory().numberNode(
                            registry.deleteVersion(path.get(1), path.get(3), permanent)));
                }
                return only(method, "GET", () -> Answer.ok(describe(registry.version(path.get(1), path.get(3)))));
            }
            case 5: {
                requireSegment(path, 2, "versions");
                requireSegment(path, 4, "schema");
                return only(method, "GET", () -> Answer.ok(rawSchema(registry.version(path.get(1), path.get(3)).schema())));
            }
            default:
                throw notFound();
        }
    }

    private Answer schemas(String method, List<String> path) {
        if (path.size() == 2 && path.get(1).equals("types")) {
            return only(method, "GET", () -> Answer.ok(array(List.of(SubjectRegistry.AVRO))));
        }
        if (path.size() < 3 || path.size() > 4 || !path.get(1).equals("ids")) {
            throw notFound();
        }
        int id = schemaId(path.get(2));
        if (path.size() == 3) {
            return only(method, "GET", () -> Answer.ok(JSON.createObjectNode()
                    .put("schema", registry.schemaById(id).toString())));
        }
        return switch (path.get(3)) {
            case "schema" -> only(method, "GET", () -> Answer.ok(rawSchema(registry.schemaById(id))));
            case "versions" -> only(method, "GET", () -> {
                ArrayNode versions = JSON.createArrayNode();
                registry.versionsOfId(id).forEach(v -> versions.addObject().put("subject", v.subject()).put("version", v.version()));
                return Answer.ok(versions);
            });
            default -> throw notFound();
        };
    }

    private Answer config(String method, List<String> path, Map<String, String> query, byte[] body) throws IOException {
        if (path.size() > 2) {
            throw notFound();
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        switch (method) {
            case "GET": {
                CompatibilityLevel level = subject == null ? registry.globalCompatibility()
                        : registry.subjectCompatibility(subject).orElseGet(() -> {
                            if (flag(query, "defaultToGlobal")) {
                                return registry.globalCompatibility();
                            }
                            throw new RegistryException(RegistryException.Error.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                    "Subject '" + subject + "' does not have subject-level compatibility configured");
                        });
                return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT": {
                CompatibilityLevel level = CompatibilityLevel.parse(json(body).path("compatibility").asText(null));
                if (subject == null) {
                    registry.setGlobalCompatibility(level);
                } else {
                    registry.setSubjectCompatibility(subject, level);
                }
                return Answer.ok(JSON.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE": {
                if (subject == null) {
                    throw new NoRoute(405, "HTTP 405 Method Not Allowed");
                }
                CompatibilityLevel removed = registry.deleteSubjectCompatibility(subject);
                return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", removed.name()));
            }
            default:
                throw new NoRoute(405, "HTTP 405 Method Not Allowed");
        }
    }

    private Answer compatibility(String method, List<String> path, Map<String, String> query, byte[] body) throws IOException {
        if (path.size() != 5 || !path.get(1).equals("subjects") || !path.get(3).equals("versions")) {
            throw notFound();
        }
        if (!method.equals("POST")) {
            throw new NoRoute(405, "HTTP 405 Method Not Allowed");
        }
        List<String> problems = registry.checkCompatibility(path.get(2), path.get(4), schemaOf(body));
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (flag(query, "verbose")) {
            answer.set("messages", array(problems));
        }
        return Answer.ok(answer);
    }

    private static Schema schemaOf(byte[] body) throws IOException {
        JsonNode request = json(body);
        return SubjectRegistry.parse(request.path("schema").asText(null), request.path("schemaType").asText(null));
    }

    private static JsonNode json(byte[] body) throws IOException {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private static ObjectNode describe(RegisteredSchema found) {
        return JSON.createObjectNode().put("subject", found.subject()).put("version", found.version())
                .put("id", found.id()).put("schema", found.schema().toString());
    }

    private static JsonNode rawSchema(Schema schema) {
        try {
            return JSON.readTree(schema.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Avro wrote a schema that is not JSON: " + e.getMessage(), e);
        }
    }

    private static ArrayNode array(List<?> items) {
        ArrayNode array = JSON.createArrayNode();
        items.forEach(item -> array.add(item instanceof Integer i ? JSON.getNodeFactory().numberNode(i)
                : JSON.getNodeFactory().textNode(item.toString())));
        return array;
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(RegistryException.Error.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static boolean flag(Map<String, String> query, String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    private static void requireSegment(List<String> path, int index, String expected) {
        if (!path.get(index).equals(expected)) {
            throw notFound();
        }
    }

    private static Answer only(String method, String allowed, java.util.function.Supplier<Answer> answer) {
        if (!method.equals(allowed)) {
            throw new NoRoute(405, "HTTP 405 Method Not Allowed");
        }
        return answer.get();
    }

    private static NoRoute notFound() {
        return new NoRoute(404, "HTTP 404 Not Found");
    }
}
