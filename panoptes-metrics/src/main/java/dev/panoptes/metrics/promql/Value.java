package dev.panoptes.metrics.promql;

/**
 * What a PromQL expression evaluates to: a {@link Scalar}, a {@link StringValue}, an instant
 * {@link Vector} or a {@link Matrix} (a range vector, or the result of a range query).
 */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
}
