/**
 * Backfill: historical data from OpenMetrics text written straight into blocks of a data
 * directory, for migrations and for loading the same data into Panoptes and a peer in
 * benchmarks.
 */
package dev.panoptes.metrics.tsdb.importer;
