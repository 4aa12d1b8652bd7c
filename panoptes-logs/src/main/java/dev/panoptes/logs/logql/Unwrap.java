package dev.panoptes.logs.logql;

import java.util.List;

/**
 * {@code | unwrap latency}, {@code | unwrap duration(latency)} or {@code | unwrap bytes(size)},
 * with the label filters that follow it ({@code | __error__=""}): which label's value becomes the
 * sample value of each line, how it is converted to a number, and which lines are then kept.
 *
 * <p>The post-filters run after the conversion, so they see the {@code __error__} label that a
 * failed conversion sets.
 *
 * @param label the label name whose value is unwrapped
 * @param conversion how the value is read
 * @param postFilters the label filters after the unwrap, in query order; may be empty
 */
public record Unwrap(String label, Conversion conversion, List<LabelFilter> postFilters) {

    public Unwrap {
        postFilters = List.copyOf(postFilters);
    }

    /** How an unwrapped label value becomes a number. */
    public enum Conversion {
        /** Parsed as a float. */
        NONE(""),
        /** A byte size such as {@code 5KB} or {@code 42}, in bytes. */
        BYTES("bytes"),
        /** A Go duration such as {@code 1.5s}, in seconds. */
        DURATION("duration"),
        /** The same as {@link #DURATION}, under Loki's other name. */
        DURATION_SECONDS("duration_seconds");

        private final String function;

        Conversion(String function) {
            this.function = function;
        }

        /** The name as written in the query; empty for {@link #NONE}. */
        public String function() {
            return function;
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("| unwrap ");
        out.append(conversion == Conversion.NONE ? label : conversion.function() + "(" + label + ")");
        for (LabelFilter f : postFilters) {
            out.append(" | ").append(f);
        }
        return out.toString();
    }
}
