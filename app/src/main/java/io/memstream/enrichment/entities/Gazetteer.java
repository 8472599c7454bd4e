package io.memstream.enrichment.entities;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The word lists beside this class: given names, places, organisations, products, named events, well-known works
 * and the ordinary words that open sentences. Loaded once; lookups are case-insensitive and ignore the kind of
 * apostrophe and the spacing.
 */
final class Gazetteer {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Set<String> GIVEN_NAMES = words("given-names.txt");
    private static final Set<String> ORDINARY_WORDS = words("ordinary-words.txt");
    private static final Set<String> PLACES = entries("places.txt");
    private static final Set<String> ORGANIZATIONS = entries("organizations.txt");
    private static final Set<String> PRODUCTS = entries("products.txt");
    private static final Set<String> EVENTS = entries("events.txt");
    private static final Set<String> WORKS = entries("works.txt");

    private Gazetteer() {
    }

    static boolean isGivenName(String word) {
        return GIVEN_NAMES.contains(normalized(word));
    }

    static boolean isOrdinaryWord(String word) {
        return ORDINARY_WORDS.contains(normalized(word));
    }

    /** The type of a name the lists know as a whole, or that contains a product name ("Tesla Model 3"). */
    static Optional<EntityType> typeOf(String name) {
        String key = normalized(name);
        String withoutArticle = key.startsWith("the ") ? key.substring(4) : key;
        if (WORKS.contains(key)) {
            return Optional.of(EntityType.WORK);
        }
        if (EVENTS.contains(key)) {
            return Optional.of(EntityType.EVENT);
        }
        if (containsProduct(key)) {
            return Optional.of(EntityType.PRODUCT);
        }
        if (ORGANIZATIONS.contains(key) || ORGANIZATIONS.contains(withoutArticle)) {
            return Optional.of(EntityType.ORGANIZATION);
        }
        if (PLACES.contains(key) || PLACES.contains(withoutArticle)) {
            return Optional.of(EntityType.PLACE);
        }
        return Optional.empty();
    }

    /** Whether the lists know the name, or its first word as a product brand ("PlayStation" in "PlayStation 5"). */
    static boolean containsProduct(String name) {
        String key = normalized(name);
        String[] words = key.split(" ");
        for (int from = 0; from < words.length; from++) {
            StringBuilder candidate = new StringBuilder();
            for (int to = from; to < words.length; to++) {
                candidate.append(to == from ? "" : " ").append(words[to]);
                if (PRODUCTS.contains(candidate.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isKnown(String name) {
        return typeOf(name).isPresent();
    }

    private static String normalized(String text) {
        return SPACES.matcher(text.strip().replace('\u2019', '\'')).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    private static Set<String> words(String resource) {
        Set<String> words = new HashSet<>();
        lines(resource).forEach(line -> words.addAll(List.of(SPACES.split(line))));
        words.remove("");
        return Set.copyOf(words);
    }

    private static Set<String> entries(String resource) {
        return Set.copyOf(new HashSet<>(lines(resource).stream().map(Gazetteer::normalized).toList()));
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Gazetteer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing gazetteer resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read gazetteer resource " + resource, e);
        }
    }
}
