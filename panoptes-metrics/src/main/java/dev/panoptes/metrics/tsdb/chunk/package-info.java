/**
 * Compressed chunks of samples: the Gorilla scheme for floats (delta-of-delta timestamps, XOR'd
 * values) and a matching scheme for native histograms. A head series appends into one open chunk
 * at a time; full chunks are immutable byte ranges that iterators decode without allocating.
 */
package dev.panoptes.metrics.tsdb.chunk;
