package dev.panoptes.metrics.promql;

import java.util.List;

/**
 * A range vector or the result of a range query: series with their points. The engine returns a
 * range query's series sorted by labels, as Prometheus does.
 */
public record Matrix(List<RangeSeries> series) implements Value {

    public Matrix {
        series = List.copyOf(series);
    }
}
