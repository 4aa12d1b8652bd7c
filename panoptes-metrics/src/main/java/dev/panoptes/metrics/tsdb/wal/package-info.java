/**
 * The metrics records of the write-ahead log (new series, float samples, exemplars, metadata),
 * their encoding on top of the generic log in {@code dev.panoptes.core.wal}, and their replay
 * into a head. The byte layout is described in docs/formats/metrics-wal.md.
 */
package dev.panoptes.metrics.tsdb.wal;
