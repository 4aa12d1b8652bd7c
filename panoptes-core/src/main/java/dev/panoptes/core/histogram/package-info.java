/**
 * Native histogram samples: {@link dev.panoptes.core.histogram.Histogram} (integer counts as
 * deltas, as sent and stored) and {@link dev.panoptes.core.histogram.FloatHistogram} (absolute
 * float counts, as queried), with PromQL's histogram arithmetic (addition across schemas and zero
 * thresholds, scaling, trimming at a threshold, compaction, counter-reset detection, validation)
 * and an allocation-free {@link dev.panoptes.core.histogram.BucketCursor}. Shared by the wire
 * decoders, the TSDB and the query engine; depends on nothing outside the JDK.
 */
package dev.panoptes.core.histogram;
