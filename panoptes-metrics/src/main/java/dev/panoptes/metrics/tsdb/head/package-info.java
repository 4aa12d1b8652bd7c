/**
 * The head: the most recent samples of one tenant, in memory, in compressed chunks. Each series
 * appends into one open chunk; full chunks are kept encoded. An inverted index over interned
 * label strings answers matchers. The head is what the write-ahead log replays into after a
 * restart, and what is cut into immutable blocks as time passes.
 */
package dev.panoptes.metrics.tsdb.head;
