package dev.panoptes.metrics.tsdb.block;

/**
 * The last few decompressed pages of one block, by segment and offset, replaced oldest first.
 * Small on purpose: it serves consecutive series of one scan, not repeated queries, so that a
 * block's memory stays a few pages whatever the queries do.
 *
 * <p>Thread-safe; pages are never modified once put.
 */
final class PageCache {

    private final int[] segments;
    private final long[] offsets;
    private final byte[][] pages;
    private int next;

    PageCache(int capacity) {
        segments = new int[capacity];
        offsets = new long[capacity];
        pages = new byte[capacity][];
    }

    synchronized byte[] get(int segment, long offset) {
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != null && segments[i] == segment && offsets[i] == offset) {
                return pages[i];
            }
        }
        return null;
    }

    synchronized void put(int segment, long offset, byte[] page) {
        segments[next] = segment;
        offsets[next] = offset;
        pages[next] = page;
        next = (next + 1) % pages.length;
    }
}
