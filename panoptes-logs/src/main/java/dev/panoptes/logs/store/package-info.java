/**
 * The log store: per tenant, streams keyed by their label set (a postings index selects them),
 * each appending to an in-memory head cut into zstd-compressed chunks with an n-gram bloom
 * filter, a write-ahead log of everything acknowledged, and blocks in the object store that
 * flushes fill and maintenance merges, expires and rewrites for delete requests.
 * {@link dev.panoptes.logs.store.LogReader} is what queries read through (chunk by chunk) and
 * {@link dev.panoptes.logs.store.LogDeletes} what the delete API records requests through. Depends
 * on core (and zstd-jni for chunks, Jackson for block metadata); never on ingestion, LogQL or the API.
 */
package dev.panoptes.logs.store;
