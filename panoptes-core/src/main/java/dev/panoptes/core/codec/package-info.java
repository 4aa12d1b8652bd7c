/**
 * Byte- and bit-level codecs shared by every store: variable-length integers and bit streams.
 * They are written by hand because they sit on the hottest paths (appending a sample, decoding
 * a chunk) and must work on caller-owned arrays without allocating.
 */
package dev.panoptes.core.codec;
