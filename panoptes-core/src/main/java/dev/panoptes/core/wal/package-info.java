/**
 * The write-ahead log every store writes before it acknowledges: numbered segment files of
 * length-prefixed, CRC32C-checksummed records, a configurable fsync policy with group commit,
 * replay that cuts a torn or corrupt tail with a warning instead of failing, and checkpoints
 * that keep only what has not been persisted elsewhere. Record contents belong to the store;
 * this package only frames them.
 */
package dev.panoptes.core.wal;
