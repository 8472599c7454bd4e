package io.memstream.enrichment.llm;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, IBANs, payment card numbers and phone numbers by placeholders ({@code [EMAIL_1]},
 * {@code [IBAN_1]}, {@code [CARD_1]}, {@code [PHONE_1]}) before chat text leaves the process, and puts the values back
 * into what the model returns. One {@link Session} per batch: the same value gets the same placeholder in every message,
 * so the model can still tell that two messages speak of one address.
 *
 * <p>Card numbers must pass the Luhn check and IBANs the ISO 7064 mod-97 check, so order numbers and dates are left
 * alone; a phone number needs 9 to 15 digits, and a run that reads as a date (2026-03-05) is not one.
 */
public final class PiiRedactor {

    /** Kinds of value redacted, most specific first: a card number is also a run of digits. */
    private enum Kind {
        EMAIL(Pattern.compile("(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}(?![\\w-])")),
        IBAN(Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b")),
        CARD(Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])")),
        PHONE(Pattern.compile("(?<![\\w+])(?:\\+|00)?\\d(?:[ ./-]?\\(?\\d+\\)?){2,}(?![\\w])"));

        private final Pattern pattern;

        Kind(Pattern pattern) {
            this.pattern = pattern;
        }
    }

    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[(EMAIL|IBAN|CARD|PHONE)_(\\d+)]");

    private final boolean enabled;
    private final MeterRegistry registry;

    public PiiRedactor(boolean enabled, MeterRegistry registry) {
        this.enabled = enabled;
        this.registry = registry;
    }

    /** A fresh session: placeholders numbered from 1. */
    public Session session() {
        return new Session(enabled, registry);
    }

    /** The placeholders of one batch, both ways. Not thread-safe; one per batch. */
    public static final class Session {

        private final boolean enabled;
        private final Map<String, String> placeholderOfValue = new HashMap<>();
        private final Map<String, String> valueOfPlaceholder = new LinkedHashMap<>();
        private final Map<Kind, Integer> counts = new HashMap<>();
        private final MeterRegistry registry;

        private Session(boolean enabled, MeterRegistry registry) {
            this.registry = registry;
            this.enabled = enabled;
        }

        /** The text with every PII value replaced by its placeholder. */
        public String redact(String text) {
            if (!enabled || text == null || text.isEmpty()) {
                return text;
            }
            String result = text;
            for (Kind kind : Kind.values()) {
                result = replace(result, kind);
            }
            return result;
        }

        /** The text with every placeholder of this session replaced by its value; unknown placeholders stay. */
        public String restore(String text) {
            if (text == null || valueOfPlaceholder.isEmpty()) {
                return text;
            }
            Matcher placeholder = PLACEHOLDER.matcher(text);
            StringBuilder restored = new StringBuilder();
            while (placeholder.find()) {
                String value = valueOfPlaceholder.getOrDefault(placeholder.group(), placeholder.group());
                placeholder.appendReplacement(restored, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(restored);
            return restored.toString();
        }

        public List<String> restoreAll(List<String> texts) {
            List<String> restored = new ArrayList<>(texts.size());
            texts.forEach(text -> restored.add(restore(text)));
            return restored;
        }

        /** How many distinct values were redacted. */
        public int redactedValues() {
            return valueOfPlaceholder.size();
        }

        private String replace(String text, Kind kind) {
            Matcher matcher = kind.pattern.matcher(text);
            List<int[]> spans = new ArrayList<>();
            while (matcher.find()) {
                if (isValid(kind, matcher.group()) && !insidePlaceholder(text, matcher.start())) {
                    spans.add(new int[] {matcher.start(), matcher.end()});
                }
            }
            if (spans.isEmpty()) {
                return text;
            }
            spans.sort(Comparator.comparingInt(span -> span[0]));
            StringBuilder out = new StringBuilder();
            int last = 0;
            for (int[] span : spans) {
                out.append(text, last, span[0]).append(placeholderOf(kind, text.substring(span[0], span[1])));
                last = span[1];
            }
            return out.append(text.substring(last)).toString();
        }

        private String placeholderOf(Kind kind, String value) {
            String key = kind + "\u0000" + value;
            return placeholderOfValue.computeIfAbsent(key, k -> {
                int n = counts.merge(kind, 1, Integer::sum);
                String placeholder = "[" + kind.name() + "_" + n + "]";
                valueOfPlaceholder.put(placeholder, value);
                registry.counter(MetricNames.LLM_PII_REDACTED, MetricNames.TAG_TYPE, kind.name().toLowerCase(Locale.ROOT))
                        .increment();
                return placeholder;
            });
        }

        private static boolean insidePlaceholder(String text, int index) {
            int open = text.lastIndexOf('[', index);
            int close = text.lastIndexOf(']', index);
            return open > close && PLACEHOLDER.matcher(text).region(open, text.length()).lookingAt();
        }
    }

    private static boolean isValid(Kind kind, String value) {
        String digits = value.replaceAll("\\D", "");
        return switch (kind) {
            case EMAIL -> true;
            case IBAN -> ibanChecksumHolds(value.replace(" ", ""));
            case CARD -> digits.length() >= 13 && digits.length() <= 19 && luhn(digits);
            case PHONE -> digits.length() >= 9 && digits.length() <= 15 && !DATE_LIKE.matcher(value).find();
        };
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean ibanChecksumHolds(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isLetter(c) ? Integer.toString(c - 'A' + 10) : String.valueOf(c));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
