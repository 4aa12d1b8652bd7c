package dev.panoptes.logs.store;

import java.util.List;

/**
 * A test on a log line that a reader applies before it hands an entry out: the line contains (or
 * does not contain) one of the strings, or matches (or does not match) one of the RE2 regexes,
 * unanchored. A positive condition keeps a line that satisfies any value; a negative one drops a
 * line that satisfies any value. These are LogQL's line filters ({@code |=}, {@code !=},
 * {@code |~}, {@code !~}) in the store's own terms, so that the store needs no LogQL.
 */
public record LineCondition(Op op, List<String> values) {

    public LineCondition {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a line condition has at least one value");
        }
    }

    /** Contains, does not contain, matches a regex, does not match it. */
    public enum Op {
        CONTAINS, NOT_CONTAINS, MATCHES, NOT_MATCHES;

        boolean isRegex() {
            return this == MATCHES || this == NOT_MATCHES;
        }

        boolean isNegative() {
            return this == NOT_CONTAINS || this == NOT_MATCHES;
        }
    }

    public static LineCondition contains(String... values) {
        return new LineCondition(Op.CONTAINS, List.of(values));
    }
}
