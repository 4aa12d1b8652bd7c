/**
 * Immutable blocks: a time range of one tenant's series, written once from the head or by the
 * compactor, stored through the object store under {@code metrics/<tenant>/blocks/<id>/}, and
 * read by range. A block is its {@code meta.json}, its {@code index} (symbols, series with their
 * chunk references, postings) and its chunk segments. Formats: docs/formats/block.md.
 */
package dev.panoptes.metrics.tsdb.block;
