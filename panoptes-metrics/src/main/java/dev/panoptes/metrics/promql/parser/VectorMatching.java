package dev.panoptes.metrics.promql.parser;

import java.util.List;

/**
 * How a binary operation pairs the series of its two sides: {@code on} or {@code ignoring} the
 * listed labels, and for many-to-one matches the labels to copy from the "one" side.
 */
public record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {

    public VectorMatching {
        labels = List.copyOf(labels);
        include = List.copyOf(include);
    }

    /** One-to-one, many-to-one ({@code group_left}), one-to-many ({@code group_right}), or set. */
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }
}
