package io.memstream.enrichment.extraction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 *
 * <p>A tagged sentence is remembered too: the extractor reads a sentence more than once (alone, as the context of
 * the next one, as the question a reply answers), and chat repeats its short sentences. Both memos are bounded and
 * hold pure functions of their keys.
 *
 * <p>A lemma is read from the word and its tag alone, and remembered. OpenNLP's lemmatizer scores every one of its
 * thousands of edit scripts for every token of a beam, which made it most of the extractor's time, while chat reuses
 * a small vocabulary. Read without the sentence around it, a lemma is the same function of its word and tag whatever
 * was read before, so the memo cannot make a result depend on the order of the input.
 */
final class Tagger {

    private static final String TOKENS_MODEL = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
    private static final String POS_MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    private static final String LEMMAS_MODEL = "/opennlp-en-ud-ewt-lemmas-1.3-2.5.4.bin";

    /** Distinct (word, tag) pairs remembered; a chat vocabulary of a few ten thousand words fits. */
    private static final int REMEMBERED_LEMMAS = 100_000;

    /** Sentences remembered with their tags. */
    private static final int REMEMBERED_SENTENCES = 20_000;

    private static final ThreadLocal<Tagger> PER_THREAD = ThreadLocal.withInitial(Tagger::new);
    private static final Cache<String, String> LEMMAS = Caffeine.newBuilder().maximumSize(REMEMBERED_LEMMAS).build();
    private static final Cache<String, TaggedSentence> SENTENCES =
            Caffeine.newBuilder().maximumSize(REMEMBERED_SENTENCES).build();

    private final TokenizerME tokenizer = new TokenizerME(Models.TOKENS);
    private final POSTaggerME posTagger = new POSTaggerME(Models.POS, POSTagFormat.UD);
    private final LemmatizerME lemmatizer = new LemmatizerME(Models.LEMMAS);

    private Tagger() {
    }

    static TaggedSentence tag(String sentence) {
        return SENTENCES.get(sentence, Tagger::read);
    }

    private static TaggedSentence read(String sentence) {
        Tagger tagger = PER_THREAD.get();
        String[] tokens = tagger.tokenizer.tokenize(sentence);
        String[] tags = tagger.posTagger.tag(tokens);
        String[] lemmas = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            lemmas[i] = lemma(tokens[i], tags[i]);
        }
        return new TaggedSentence(tokens, tags, lemmas);
    }

    private static String lemma(String word, String tag) {
        return LEMMAS.get(tag + ' ' + word,
                key -> PER_THREAD.get().lemmatizer.lemmatize(new String[] {word}, new String[] {tag})[0]);
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
