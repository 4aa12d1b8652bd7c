/**
 * The histogram functions of PromQL as plain computations: quantiles, fractions and spread of
 * native histograms ({@link dev.panoptes.metrics.promql.histogram.NativeHistogramFunctions}) and
 * quantiles and fractions of classic bucket series
 * ({@link dev.panoptes.metrics.promql.histogram.ClassicBucketFunctions}). The engine gathers the
 * inputs and turns the reported notes into annotations. Depends on core only.
 */
package dev.panoptes.metrics.promql.histogram;
