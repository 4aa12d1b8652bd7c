package dev.panoptes.metrics.tsdb.head;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Head series by id, in pages of 4096 so that growth never copies a million references and
 * lookups need no lock. Ids are dense and never reused while the head lives.
 *
 * <p>Thread-safe: writers are serialised by the head's creation lock; readers see a published
 * series through the page's volatile slot.
 */
final class SeriesTable {

    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    private volatile AtomicReferenceArray<MemSeries>[] pages = newPages(16);

    MemSeries get(int id) {
        if (id < 0) {
            return null;
        }
        AtomicReferenceArray<MemSeries>[] current = pages;
        int page = id >>> PAGE_BITS;
        if (page >= current.length || current[page] == null) {
            return null;
        }
        return current[page].get(id & (PAGE_SIZE - 1));
    }

    /** Stores or clears (null) the series with {@code id}; callers hold the head's creation lock. */
    void set(int id, MemSeries series) {
        int page = id >>> PAGE_BITS;
        AtomicReferenceArray<MemSeries>[] current = pages;
        if (page >= current.length) {
            AtomicReferenceArray<MemSeries>[] grown = newPages(Math.max(page + 1, current.length * 2));
            System.arraycopy(current, 0, grown, 0, current.length);
            pages = grown;
            current = grown;
        }
        if (current[page] == null) {
            if (series == null) {
                return;
            }
            current[page] = new AtomicReferenceArray<>(PAGE_SIZE);
        }
        current[page].set(id & (PAGE_SIZE - 1), series);
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<MemSeries>[] newPages(int n) {
        return new AtomicReferenceArray[n];
    }
}
