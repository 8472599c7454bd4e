package io.memstream.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An LLM endpoint on the loopback interface that speaks the OpenAI chat-completions wire format
 * ({@code POST /v1/chat/completions}), Ollama's ({@code POST /api/chat}, non-streaming) and Anthropic's messages API
 * ({@code POST /v1/messages}), answering what a
 * {@link Responder} decides: content, HTTP errors with headers, delays, broken bodies. The benchmark uses it as a
 * provider with a fixed latency, the tests to script failures. No real model, no network beyond 127.0.0.1.
 */
public final class SimulatedLlmServer implements AutoCloseable {

    /** Which wire format a request came in. */
    public enum Wire { OPENAI, OLLAMA, ANTHROPIC }

    /** One chat message of a request. */
    public record Message(String role, String content) {
    }

    /**
     * A request as received.
     *
     * @param number 1 for the first request the server got, and so on
     */
    public record Request(Wire wire, int number, JsonNode body, List<Message> messages) {

        /** The system prompt, or "" when there is none. */
        public String system() {
            return messages.stream().filter(m -> m.role().equals("system")).map(Message::content).findFirst().orElse("");
        }

        /** The content of the first user message: the transcript prompt. */
        public String firstUser() {
            return messages.stream().filter(m -> m.role().equals("user")).map(Message::content).findFirst().orElse("");
        }

        /** Whether this request is a repair: it carries an earlier answer of the model. */
        public boolean isRepair() {
            return messages.stream().anyMatch(m -> m.role().equals("assistant"));
        }
    }

    /**
     * What to answer.
     *
     * @param status HTTP status; 200 wraps {@code content} in the wire format
     * @param rawBody when not null, sent as the body as is (a broken answer)
     * @param finishReason "stop", or "length" for an answer cut at the token limit
     */
    public record Reply(int status, String content, String rawBody, Duration delay, Map<String, String> headers,
                        String finishReason) {

        public static Reply ok(String content) {
            return new Reply(200, content, null, Duration.ZERO, Map.of(), "stop");
        }

        public static Reply error(int status, String body) {
            return new Reply(status, null, body, Duration.ZERO, Map.of(), null);
        }

        /** A 200 whose body is not the wire format (or not JSON at all). */
        public static Reply rawBody(String body) {
            return new Reply(200, null, body, Duration.ZERO, Map.of(), null);
        }

        public Reply after(Duration wait) {
            return new Reply(status, content, rawBody, wait, headers, finishReason);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, content, rawBody, delay, Map.copyOf(more), finishReason);
        }

        public Reply cutOff() {
            return new Reply(status, content, rawBody, delay, headers, "length");
        }
    }

    /** Decides the reply to each request; called concurrently. */
    @FunctionalInterface
    public interface Responder {
        Reply reply(Request request);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Requests kept for inspection; older ones are dropped so a long benchmark does not fill the heap. */
    private static final int KEPT_REQUESTS = 2_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private volatile Responder responder;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Deque<Request> received = new ArrayDeque<>();

    private SimulatedLlmServer(HttpServer server, ExecutorService threads, Responder responder) {
        this.server = server;
        this.threads = threads;
        this.responder = responder;
    }

    /** Starts a server on a free loopback port. */
    public static SimulatedLlmServer start(Responder responder) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        AtomicInteger names = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "simulated-llm-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        SimulatedLlmServer simulated = new SimulatedLlmServer(server, threads, responder);
        server.createContext("/v1/chat/completions", exchange -> simulated.handle(exchange, Wire.OPENAI));
        server.createContext("/api/chat", exchange -> simulated.handle(exchange, Wire.OLLAMA));
        server.createContext("/v1/messages", exchange -> simulated.handle(exchange, Wire.ANTHROPIC));
        server.start();
        return simulated;
    }

    /** Base URL for enrichment.openai.base.url. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Base URL for enrichment.anthropic.base.url. */
    public String anthropicBaseUrl() {
        return openAiBaseUrl();
    }

    /** Base URL for enrichment.ollama.base.url. */
    public String ollamaBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the following requests with another responder (a provider going down, coming back). */
    public void respondWith(Responder next) {
        this.responder = next;
    }

    public int requests() {
        return requests.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The requests received, oldest first (the last {@value #KEPT_REQUESTS}). */
    public List<Request> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    private void handle(HttpExchange exchange, Wire wire) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<Message> messages = new ArrayList<>();
            if (body.has("system")) {
                messages.add(new Message("system", content(body.path("system"))));
            }
            body.path("messages").forEach(m -> messages.add(new Message(m.path("role").asText(), content(m.path("content")))));
            Request request = new Request(wire, requests.incrementAndGet(), body, List.copyOf(messages));
            synchronized (received) {
                received.addLast(request);
                if (received.size() > KEPT_REQUESTS) {
                    received.removeFirst();
                }
            }
            Reply reply = responder.reply(request);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            String payload = reply.rawBody() != null ? reply.rawBody() : wrap(wire, request, reply);
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closedByClient) {
            // The client gave up (its timeout): nothing left to answer.
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Message content is a string, or (OpenAI) an array of parts with text. */
    private static String content(JsonNode content) {
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText()));
            return text.toString();
        }
        return content.asText();
    }

    private static String wrap(Wire wire, Request request, Reply reply) throws IOException {
        String model = request.body().path("model").asText("simulated");
        int promptTokens = request.messages().stream().mapToInt(m -> m.content().length() / 4 + 1).sum();
        int completionTokens = reply.content().length() / 4 + 1;
        ObjectNode answer = JSON.createObjectNode();
        if (wire == Wire.OPENAI) {
            answer.put("id", "chatcmpl-sim-" + request.number()).put("object", "chat.completion")
                    .put("created", Instant.now().getEpochSecond()).put("model", model);
            ObjectNode choice = answer.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", reply.content());
            choice.put("finish_reason", reply.finishReason());
            answer.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
        } else if (wire == Wire.ANTHROPIC) {
            answer.put("id", "msg_sim_" + request.number()).put("type", "message").put("role", "assistant")
                    .put("model", model);
            answer.putArray("content").addObject().put("type", "text").put("text", reply.content());
            answer.put("stop_reason", "length".equals(reply.finishReason()) ? "max_tokens" : "end_turn");
            answer.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", completionTokens);
        } else {
            answer.put("model", model).put("created_at", Instant.now().toString());
            answer.putObject("message").put("role", "assistant").put("content", reply.content());
            answer.put("done", true).put("done_reason", reply.finishReason())
                    .put("prompt_eval_count", promptTokens).put("eval_count", completionTokens);
        }
        return JSON.writeValueAsString(answer);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
