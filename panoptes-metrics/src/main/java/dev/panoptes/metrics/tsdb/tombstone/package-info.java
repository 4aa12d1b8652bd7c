/**
 * Deletion: time intervals of a series whose samples are gone from queries at once and from
 * disk when the blocks holding them are next rewritten.
 */
package dev.panoptes.metrics.tsdb.tombstone;
