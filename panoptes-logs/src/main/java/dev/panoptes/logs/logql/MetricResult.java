package dev.panoptes.logs.logql;

import dev.panoptes.metrics.promql.StepSeries;
import java.util.List;

/**
 * The answer to a metric query: series with a value at some of the query's steps (times in
 * nanoseconds), ordered as Loki returns them (by labels, unless the query sorts by value), and
 * what the query read.
 *
 * @param series the series; for a scalar query, one series without labels with a value at every step
 * @param scalar whether the query is a number ({@code 2 * 3}) rather than a vector, which an instant query answers as Loki's {@code scalar}
 * @param statistics lines and bytes read; {@code entriesReturned} is the number of points
 */
public record MetricResult(List<StepSeries> series, boolean scalar, StreamsResult.Statistics statistics) {

    public MetricResult {
        series = List.copyOf(series);
    }
}
