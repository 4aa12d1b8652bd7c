/**
 * The log store: per tenant, streams keyed by their label set (a postings index selects them),
 * each appending to an in-memory head cut into zstd-compressed chunks, and a write-ahead log of
 * everything acknowledged. {@link dev.panoptes.logs.store.LogReader} is what queries read through.
 * Depends on core only; never on ingestion, LogQL or the API.
 */
package dev.panoptes.logs.store;
