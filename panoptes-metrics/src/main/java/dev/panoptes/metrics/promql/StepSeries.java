package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;

/**
 * One series of a step matrix as {@link VectorOperations} takes and returns it: labels and a
 * value at some of the evaluation's steps.
 *
 * <p>Invariants: {@code times} and {@code values} have the same length; times are steps of the
 * evaluation, strictly increasing. The arrays are shared, not copied: callers must not change
 * them after handing them over.
 *
 * @param labels the series' labels
 * @param times the steps at which the series has a value, in the evaluation's time unit
 * @param values the value at each of those steps
 */
public record StepSeries(Labels labels, long[] times, double[] values) {

    public StepSeries {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length: " + times.length + " and " + values.length);
        }
    }
}
