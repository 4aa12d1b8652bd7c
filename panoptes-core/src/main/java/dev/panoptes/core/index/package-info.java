/**
 * Inverted indexes from label name and value to the sorted ids of the entries (series, streams)
 * that carry them, and the evaluation of label matchers over such an index. Postings are
 * RoaringBitmaps: intersections and unions of millions of ids take microseconds, and sparse and
 * dense lists both stay small.
 */
package dev.panoptes.core.index;
