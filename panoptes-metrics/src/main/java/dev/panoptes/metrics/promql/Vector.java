package dev.panoptes.metrics.promql;

import java.util.List;

/** An instant vector: at most one sample per label set, in the order the engine produced them. */
public record Vector(List<Sample> samples) implements Value {

    public Vector {
        samples = List.copyOf(samples);
    }
}
