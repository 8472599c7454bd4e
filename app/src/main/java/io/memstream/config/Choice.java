package io.memstream.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A setting whose value is one of a Java enum's constants, written in config as the constant's name in lower case
 * ({@code agent_user} for {@code AGENT_USER}); log levels keep their usual upper case and match in any case. The same
 * object validates the value in the {@link ConfigDef} and turns it into the constant, so that no caller parses the
 * string again and every rejection lists the valid values.
 */
final class Choice<E extends Enum<E>> implements ConfigDef.Validator {

    private final Class<E> type;
    private final boolean anyCase;

    private Choice(Class<E> type, boolean anyCase) {
        this.type = type;
        this.anyCase = anyCase;
    }

    static <E extends Enum<E>> Choice<E> of(Class<E> type) {
        return new Choice<>(type, false);
    }

    static <E extends Enum<E>> Choice<E> ofAnyCase(Class<E> type) {
        return new Choice<>(type, true);
    }

    /** How {@code value} is written in config. */
    String written(E value) {
        return anyCase ? value.name() : value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant {@code text} names; a {@link ConfigException} listing the valid values when it names none. */
    E parse(String key, String text) {
        return find(text).orElseThrow(() -> new ConfigException(key, text, "use one of " + options()));
    }

    @Override
    public void ensureValid(String name, Object value) {
        parse(name, String.valueOf(value));
    }

    boolean accepts(String text) {
        return find(text).isPresent();
    }

    private Optional<E> find(String text) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> anyCase ? written(constant).equalsIgnoreCase(text) : written(constant).equals(text))
                .findFirst();
    }

    /** The valid values, e.g. {@code auto, always, never}. */
    String options() {
        return String.join(", ", written());
    }

    private List<String> written() {
        return Arrays.stream(type.getEnumConstants()).map(this::written).toList();
    }

    /** As ConfigDef's own validators render in generated docs. */
    @Override
    public String toString() {
        return (anyCase ? "(case insensitive) " : "") + written();
    }
}
