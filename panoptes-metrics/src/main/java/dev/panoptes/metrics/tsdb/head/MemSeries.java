package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import java.util.Arrays;

/**
 * One series in the head: its labels, its sealed chunks (encoded, immutable) and the open chunk
 * being appended to. All access is under the series' own monitor, so appends to different series
 * never contend.
 *
 * <p>Invariant: samples are in strictly increasing timestamp order across sealed chunks and the
 * open chunk; {@link #maxTime()} is the newest.
 */
final class MemSeries {

    /** Samples per chunk before it is sealed: about one and a half kilobits of a regular scrape. */
    static final int SAMPLES_PER_CHUNK = 120;

    private static final byte[][] NO_CHUNKS = new byte[0][];
    private static final long[] NO_TIMES = new long[0];

    final int id;
    final Labels labels;

    private byte[][] sealed = NO_CHUNKS;
    /** minT, maxT of each sealed chunk, interleaved. */
    private long[] sealedTimes = NO_TIMES;
    private int sealedCount;

    private XorChunk open;
    private long openMinTime;
    private long openMaxTime;

    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private long lastValueBits;

    MemSeries(int id, Labels labels) {
        this.id = id;
        this.labels = labels;
    }

    /**
     * Whether a sample at {@code t} may be appended after {@code maxTime} with the given value:
     * null when it may, {@link Reason#OUT_OF_ORDER} or {@link Reason#DUPLICATE_TIMESTAMP} when
     * not. An identical repeat of the newest sample answers {@code null} and {@link #append}
     * then ignores it, as Prometheus does.
     */
    static Reason appendable(long maxTime, long lastBits, long t, long bits) {
        if (t > maxTime) {
            return null;
        }
        if (t < maxTime) {
            return Reason.OUT_OF_ORDER;
        }
        return lastBits == bits ? null : Reason.DUPLICATE_TIMESTAMP;
    }

    synchronized Reason appendable(long t, long bits) {
        return appendable(maxTime, lastValueBits, t, bits);
    }

    /**
     * Appends a sample that {@link #appendable} accepted; re-checks, because another appender
     * may have committed to this series in between.
     *
     * @return null when appended (or an identical repeat was ignored), else why it was not
     */
    synchronized Reason append(long t, double value, long chunkRange) {
        long bits = Double.doubleToRawLongBits(value);
        Reason reason = appendable(maxTime, lastValueBits, t, bits);
        if (reason != null || t == maxTime) {
            return reason;
        }
        if (open == null || open.count() >= SAMPLES_PER_CHUNK || t >= chunkEnd(openMinTime, chunkRange)) {
            seal();
            open = new XorChunk();
            openMinTime = t;
        }
        open.append(t, value);
        openMaxTime = t;
        if (minTime == Long.MAX_VALUE) {
            minTime = t;
        }
        maxTime = t;
        lastValueBits = bits;
        return null;
    }

    /** The end (exclusive) of the aligned range that {@code t} falls in, so that no chunk spans two blocks. */
    private static long chunkEnd(long t, long chunkRange) {
        return Math.floorDiv(t, chunkRange) * chunkRange + chunkRange;
    }

    private void seal() {
        if (open == null || open.count() == 0) {
            return;
        }
        if (sealedCount == sealed.length) {
            int capacity = Math.max(2, sealedCount * 2);
            sealed = Arrays.copyOf(sealed, capacity);
            sealedTimes = Arrays.copyOf(sealedTimes, capacity * 2);
        }
        sealed[sealedCount] = open.toByteArray();
        sealedTimes[2 * sealedCount] = openMinTime;
        sealedTimes[2 * sealedCount + 1] = openMaxTime;
        sealedCount++;
        open = null;
    }

    /**
     * Drops every chunk that ends before {@code mint} (those are in blocks now).
     *
     * @return whether the series is now empty
     */
    synchronized boolean truncateBefore(long mint) {
        int drop = 0;
        while (drop < sealedCount && sealedTimes[2 * drop + 1] < mint) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(sealed, drop, sealed, 0, sealedCount - drop);
            System.arraycopy(sealedTimes, 2 * drop, sealedTimes, 0, 2 * (sealedCount - drop));
            Arrays.fill(sealed, sealedCount - drop, sealedCount, null);
            sealedCount -= drop;
        }
        if (open != null && openMaxTime < mint) {
            open = null;
        }
        if (sealedCount > 0) {
            minTime = sealedTimes[0];
        } else if (open != null) {
            minTime = openMinTime;
        } else {
            minTime = Long.MAX_VALUE;
            return true;
        }
        return false;
    }

    synchronized long minTime() {
        return minTime;
    }

    synchronized long maxTime() {
        return maxTime;
    }

    synchronized int sampleCountOfOpenChunk() {
        return open == null ? 0 : open.count();
    }

    /**
     * The chunks overlapping {@code [mint, maxt]}, captured under the lock so that an iterator can
     * decode them while appends continue.
     */
    synchronized ChunkSnapshot snapshot(long mint, long maxt) {
        if (maxTime < mint || minTime > maxt) {
            return ChunkSnapshot.EMPTY;
        }
        int total = sealedCount + (open != null ? 1 : 0);
        byte[][] bytes = new byte[total][];
        int[] lengths = new int[total];
        int[] counts = new int[total];
        long[] maxTimes = new long[total];
        int n = 0;
        for (int i = 0; i < sealedCount; i++) {
            if (sealedTimes[2 * i + 1] < mint || sealedTimes[2 * i] > maxt) {
                continue;
            }
            bytes[n] = sealed[i];
            lengths[n] = sealed[i].length;
            counts[n] = XorChunk.countOf(sealed[i], 0);
            maxTimes[n] = sealedTimes[2 * i + 1];
            n++;
        }
        if (open != null && openMaxTime >= mint && openMinTime <= maxt) {
            bytes[n] = open.bytes();
            lengths[n] = open.length();
            counts[n] = open.count();
            maxTimes[n] = openMaxTime;
            n++;
        }
        return new ChunkSnapshot(bytes, lengths, counts, maxTimes, n);
    }

    /** The encoded chunks of one series as an iterator sees them; {@code size} entries are valid. */
    record ChunkSnapshot(byte[][] bytes, int[] lengths, int[] counts, long[] maxTimes, int size) {
        static final ChunkSnapshot EMPTY = new ChunkSnapshot(NO_CHUNKS, new int[0], new int[0], NO_TIMES, 0);
    }
}
