/**
 * The metrics time-series database: one {@link dev.panoptes.metrics.tsdb.Tsdb} per tenant (a
 * head in memory, its write-ahead log on local disk), opened lazily by
 * {@link dev.panoptes.metrics.tsdb.TenantTsdbs}. Sub-packages hold the chunk encodings, the head
 * and the log records. Other packages reach it only through {@code dev.panoptes.metrics.storage}.
 */
package dev.panoptes.metrics.tsdb;
