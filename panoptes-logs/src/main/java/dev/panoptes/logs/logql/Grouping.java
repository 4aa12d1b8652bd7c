package dev.panoptes.logs.logql;

import java.util.List;

/**
 * The {@code by (a, b)} or {@code without (a, b)} clause of an aggregation: the labels that
 * identify an output series ({@code by}), or the labels removed from the input's to identify it
 * ({@code without}).
 *
 * @param without true for {@code without}, false for {@code by}
 * @param labels the label names in query order (possibly empty: {@code by ()} aggregates everything into one series)
 */
public record Grouping(boolean without, List<String> labels) {

    /** {@code by ()}: everything into one series; what a vector aggregation without a clause means. */
    public static final Grouping NONE = new Grouping(false, List.of());

    public Grouping {
        labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
        return (without ? "without (" : "by (") + String.join(", ", labels) + ")";
    }
}
