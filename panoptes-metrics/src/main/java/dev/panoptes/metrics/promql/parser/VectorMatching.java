package dev.panoptes.metrics.promql.parser;

import java.util.List;

/**
 * How a binary operation pairs the series of its two sides: {@code on} or {@code ignoring} the
 * listed labels, for many-to-one matches the labels to copy from the "one" side, and the values
 * that {@code fill}, {@code fill_left} and {@code fill_right} substitute for a missing series on
 * the left or right side ({@code null} when that side is not filled).
 */
public record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include,
        Double fillLeft, Double fillRight) {

    public VectorMatching {
        labels = List.copyOf(labels);
        include = List.copyOf(include);
    }

    /** A matching without fill modifiers. */
    public VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {
        this(cardinality, labels, on, include, null, null);
    }

    /** True when a fill modifier is set for either side. */
    public boolean hasFill() {
        return fillLeft != null || fillRight != null;
    }

    /** One-to-one, many-to-one ({@code group_left}), one-to-many ({@code group_right}), or set. */
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }
}
