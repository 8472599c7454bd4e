package io.memstream.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a health endpoint answers: an overall status and the details an operator reads (field names in snake_case,
 * as they appear in the JSON).
 */
public record Health(Status status, Map<String, Object> details) {

    /** UP and DEGRADED answer HTTP 200 (the instance works, something needs a look); DOWN answers 503. */
    public enum Status {
        UP, DEGRADED, DOWN;

        /** The worse of two statuses. */
        public Status and(Status other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    public Health {
        details = new LinkedHashMap<>(details);
    }

    public static Health up(Map<String, Object> details) {
        return new Health(Status.UP, details);
    }

    /** This report with another one's details laid over it and the worse of the two statuses. */
    public Health merge(Health other) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(other.details);
        return new Health(status.and(other.status), merged);
    }
}
