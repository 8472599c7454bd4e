package io.memstream.enrichment.extraction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opennlp.tools.lemmatizer.LemmatizerME;
import opennlp.tools.lemmatizer.LemmatizerModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Tokens, Universal Dependencies part-of-speech tags and lemmas of a sentence, from OpenNLP's English UD models. The
 * models are loaded once per JVM and shared; the taggers around them are not thread-safe, so each thread has its own.
 */
final class Tagger {

    private static final String TOKENS_MODEL = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
    private static final String POS_MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    private static final String LEMMAS_MODEL = "/opennlp-en-ud-ewt-lemmas-1.3-2.5.4.bin";

    private static final ThreadLocal<Tagger> PER_THREAD = ThreadLocal.withInitial(Tagger::new);

    private final TokenizerME tokenizer = new TokenizerME(Models.TOKENS);
    private final POSTaggerME posTagger = new POSTaggerME(Models.POS, POSTagFormat.UD);
    private final LemmatizerME lemmatizer = new LemmatizerME(Models.LEMMAS);

    private Tagger() {
    }

    static TaggedSentence tag(String sentence) {
        Tagger tagger = PER_THREAD.get();
        String[] tokens = tagger.tokenizer.tokenize(sentence);
        String[] tags = tagger.posTagger.tag(tokens);
        String[] lemmas = tagger.lemmatizer.lemmatize(tokens, tags);
        return new TaggedSentence(tokens, tags, lemmas);
    }

    /** Holder idiom: the models (about 2 MB) are read on first use, once. */
    private static final class Models {
        static final TokenizerModel TOKENS = load(TOKENS_MODEL, TokenizerModel::new);
        static final POSModel POS = load(POS_MODEL, POSModel::new);
        static final LemmatizerModel LEMMAS = load(LEMMAS_MODEL, LemmatizerModel::new);

        private interface Reader<T> {
            T read(InputStream in) throws IOException;
        }

        private static <T> T load(String resource, Reader<T> reader) {
            try (InputStream in = Tagger.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("OpenNLP model " + resource + " is not on the class path");
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
            }
        }
    }
}
