/**
 * Native histogram samples: {@link dev.panoptes.core.histogram.Histogram} (integer counts as
 * deltas, as sent and stored) and {@link dev.panoptes.core.histogram.FloatHistogram} (absolute
 * float counts, as queried). Shared by the wire decoders, the TSDB and the query engine.
 */
package dev.panoptes.core.histogram;
