package dev.panoptes.core.index;

import org.roaringbitmap.RoaringBitmap;

/**
 * Read access to an inverted index: for each label name its values in sorted order, and for each
 * name and value the ids of the entries that carry that pair. Implemented by the in-memory index
 * and by on-disk block indexes, so that {@link PostingsMatcher} evaluates matchers over both.
 *
 * <p>Returned bitmaps may be the index's own: callers must not modify them.
 */
public interface PostingsReader {

    /** Every id in the index. */
    RoaringBitmap allPostings();

    /** The ids carrying {@code name=value}; an empty bitmap when there are none. */
    RoaringBitmap postings(String name, String value);

    /** The values of {@code name}, sorted, starting at the first value {@code >= from} ({@code ""} for all). */
    Iterable<String> values(String name, String from);
}
