package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.tsdb.chunk.ChunkEncoding;
import dev.panoptes.metrics.tsdb.chunk.ChunkList;
import dev.panoptes.metrics.tsdb.chunk.ChunkListIterator;
import dev.panoptes.metrics.tsdb.chunk.SeriesChunkEncoder;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;
import dev.panoptes.metrics.tsdb.chunk.HistogramChunk;
import dev.panoptes.metrics.tsdb.chunk.HistogramChunkCuts;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final byte[] NO_ENCODINGS = new byte[0];

    /** Where sealed chunks go when the head maps them to files; null keeps them on the heap in {@link #sealed}. */
    private final MappedChunkFiles chunkFiles;
    private byte[][] sealed = NO_CHUNKS;
    private long[] sealedRefs = NO_TIMES;
    private byte[] sealedEncodings = NO_ENCODINGS;
    /** minT, maxT of each sealed chunk, interleaved. */
    private long[] sealedTimes = NO_TIMES;
    private int sealedCount;

    /** The chunk being appended to: floats or histograms of one kind. */
    private XorChunk open;
    private HistogramChunk openHistograms;
    private long openMinTime;
    private long openMaxTime;

    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private long lastValueBits;
    /** Samples accepted out of order, within the window; null until the first. */
    private OutOfOrderSamples outOfOrder;
    /** Deleted time ranges, hidden from queries and left out when the range is cut into a block. */
    private Intervals deleted = Intervals.NONE;
    /** The newest sample when it is a histogram (a private copy), else null. */
    private Object lastHistogram;

    MemSeries(int id, Labels labels) {
        this(id, labels, null);
    }

    MemSeries(int id, Labels labels, MappedChunkFiles chunkFiles) {
        this.id = id;
        this.labels = labels;
        this.chunkFiles = chunkFiles;
    }

    private byte[] sealedBytes(int i) {
        return chunkFiles == null ? sealed[i] : chunkFiles.read(sealedRefs[i]);
    }

    /**
     * Whether a sample at {@code t} may be appended after {@code maxTime} with the given value:
     * null when it may, {@link Reason#OUT_OF_ORDER} or {@link Reason#DUPLICATE_TIMESTAMP} when
     * not. An identical repeat of the newest sample answers {@code null} and {@link #append}
     * then ignores it, as Prometheus does.
     */
    static Reason appendable(long maxTime, long lastBits, Object lastHistogram, long t, long bits, Object histogram) {
        if (t > maxTime) {
            return null;
        }
        if (t < maxTime) {
            return Reason.OUT_OF_ORDER;
        }
        boolean same = histogram == null ? lastHistogram == null && lastBits == bits : histogram.equals(lastHistogram);
        return same ? null : Reason.DUPLICATE_TIMESTAMP;
    }

    /** As {@link #appendable(long, long, Object, long, long, Object)} against this series' newest sample. */
    synchronized Reason appendable(long t, long bits, Object histogram) {
        return appendable(maxTime, lastValueBits, lastHistogram, t, bits, histogram);
    }

    /**
     * Appends a sample that {@link #appendable} accepted: a float when {@code histogram} is null,
     * else a {@link Histogram} or {@link FloatHistogram} this series may keep. Re-checks, because
     * another appender may have committed to this series in between.
     *
     * @return null when appended (or an identical repeat was ignored), else why it was not
     */
    synchronized Reason append(long t, double value, Object histogram, long chunkRange) {
        return append(0, t, value, histogram, chunkRange, 0);
    }

    /**
     * As {@link #append(long, double, Object, long)} for a sample with start timestamp
     * {@code st} (0 for none), taking a float sample older than the newest into the out-of-order
     * samples when it is within {@code outOfOrderWindow} of the newest.
     */
    synchronized Reason append(long st, long t, double value, Object histogram, long chunkRange, long outOfOrderWindow) {
        long bits = Double.doubleToRawLongBits(value);
        if (t < maxTime && outOfOrderWindow > 0 && histogram == null) {
            return appendOutOfOrder(st, t, value, bits, outOfOrderWindow);
        }
        Reason reason = appendable(maxTime, lastValueBits, lastHistogram, t, bits, histogram);
        if (reason != null || t == maxTime) {
            return reason;
        }
        byte format = histogram == null ? ChunkEncoding.XOR
                : histogram instanceof Histogram ? ChunkEncoding.HISTOGRAM : ChunkEncoding.FLOAT_HISTOGRAM;
        int openCount = open != null ? open.count() : openHistograms != null ? openHistograms.count() : 0;
        byte openEncoding = openEncoding();
        // A chunk has a start-timestamp column from its first sample on or not at all, so the
        // first start of a series (or the first after a chunk without) opens a chunk.
        boolean needsStarts = st != 0 && !ChunkEncoding.hasStartTimestamps(openEncoding);
        if (openCount == 0 || format != ChunkEncoding.format(openEncoding) || openCount >= SAMPLES_PER_CHUNK
                || t >= chunkEnd(openMinTime, chunkRange) || needsStarts || startsNewHistogramChunk(histogram)) {
            seal();
            if (format == ChunkEncoding.XOR) {
                open = new XorChunk(32, st != 0);
            } else {
                openHistograms = new HistogramChunk(format == ChunkEncoding.FLOAT_HISTOGRAM, st != 0);
            }
            openMinTime = t;
        }
        if (histogram == null) {
            open.append(st, t, value);
        } else if (histogram instanceof Histogram h) {
            openHistograms.append(st, t, h);
        } else {
            openHistograms.append(st, t, (FloatHistogram) histogram);
        }
        openMaxTime = t;
        if (minTime == Long.MAX_VALUE) {
            minTime = t;
        }
        maxTime = t;
        lastValueBits = bits;
        lastHistogram = histogram;
        return null;
    }

    /**
     * Whether a float sample older than the newest may be taken out of order: within the window,
     * and not a different value at a timestamp the series already has. Null when it may (or is an
     * exact repeat, which {@link #append} ignores).
     */
    synchronized Reason outOfOrderAppendable(long t, long bits, long outOfOrderWindow) {
        if (t >= maxTime) {
            return appendable(maxTime, lastValueBits, lastHistogram, t, bits, null);
        }
        if (t < maxTime - outOfOrderWindow) {
            return Reason.OUT_OF_ORDER;
        }
        return existingAt(t, bits) == DIFFERENT ? Reason.DUPLICATE_TIMESTAMP : null;
    }

    private Reason appendOutOfOrder(long st, long t, double value, long bits, long outOfOrderWindow) {
        if (t < maxTime - outOfOrderWindow) {
            return Reason.OUT_OF_ORDER;
        }
        int existing = existingAt(t, bits);
        if (existing != NOTHING) {
            return existing == SAME ? null : Reason.DUPLICATE_TIMESTAMP;
        }
        if (outOfOrder == null) {
            outOfOrder = new OutOfOrderSamples();
        }
        outOfOrder.insert(-outOfOrder.find(t) - 1, st, t, value);
        minTime = Math.min(minTime, t);
        return null;
    }

    private static final int NOTHING = 0;
    private static final int SAME = 1;
    private static final int DIFFERENT = 2;

    /** What the series holds at {@code t} compared with a float of {@code bits}; decodes at most one chunk. */
    private int existingAt(long t, long bits) {
        if (outOfOrder != null) {
            int i = outOfOrder.find(t);
            if (i >= 0) {
                return Double.doubleToRawLongBits(outOfOrder.valueAt(i)) == bits ? SAME : DIFFERENT;
            }
        }
        ChunkListIterator it = new ChunkListIterator().reset(snapshot(t, t), t, t);
        ValueType type = it.next();
        if (type == ValueType.NONE) {
            return NOTHING;
        }
        return type == ValueType.FLOAT && Double.doubleToRawLongBits(it.atFloat()) == bits ? SAME : DIFFERENT;
    }

    /** The out-of-order samples in {@code [mint, maxt]}, copied. */
    synchronized OutOfOrderSamples.Slice outOfOrderSlice(long mint, long maxt) {
        return outOfOrder == null || outOfOrder.count() == 0 ? OutOfOrderSamples.Slice.EMPTY : outOfOrder.slice(mint, maxt);
    }

    /** Appends a float sample; see {@link #append(long, double, Object, long)}. */
    Reason append(long t, double value, long chunkRange) {
        return append(t, value, null, chunkRange);
    }

    /** Whether {@code histogram}, of the open chunk's kind, must start a chunk of its own (a counter reset, ...). */
    private boolean startsNewHistogramChunk(Object histogram) {
        if (histogram instanceof Histogram h && lastHistogram instanceof Histogram previous) {
            return HistogramChunkCuts.startsNewChunk(previous, h);
        }
        if (histogram instanceof FloatHistogram h && lastHistogram instanceof FloatHistogram previous) {
            return HistogramChunkCuts.startsNewChunk(previous, h);
        }
        return false;
    }

    private byte openEncoding() {
        if (open != null) {
            return open.encoding();
        }
        if (openHistograms != null) {
            return openHistograms.encoding();
        }
        return 0;
    }

    /** The end (exclusive) of the aligned range that {@code t} falls in, so that no chunk spans two blocks. */
    private static long chunkEnd(long t, long chunkRange) {
        return Math.floorDiv(t, chunkRange) * chunkRange + chunkRange;
    }

    private void seal() {
        byte encoding = openEncoding();
        byte[] bytes;
        if (open != null && open.count() > 0) {
            bytes = open.toByteArray();
        } else if (openHistograms != null && openHistograms.count() > 0) {
            bytes = openHistograms.toByteArray();
        } else {
            open = null;
            openHistograms = null;
            return;
        }
        if (sealedCount == sealedEncodings.length) {
            int capacity = Math.max(2, sealedCount * 2);
            if (chunkFiles == null) {
                sealed = Arrays.copyOf(sealed, capacity);
            } else {
                sealedRefs = Arrays.copyOf(sealedRefs, capacity);
            }
            sealedEncodings = Arrays.copyOf(sealedEncodings, capacity);
            sealedTimes = Arrays.copyOf(sealedTimes, capacity * 2);
        }
        if (chunkFiles == null) {
            sealed[sealedCount] = bytes;
        } else {
            sealedRefs[sealedCount] = chunkFiles.write(bytes, openMaxTime);
        }
        sealedEncodings[sealedCount] = encoding;
        sealedTimes[2 * sealedCount] = openMinTime;
        sealedTimes[2 * sealedCount + 1] = openMaxTime;
        sealedCount++;
        open = null;
        openHistograms = null;
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
            if (chunkFiles == null) {
                System.arraycopy(sealed, drop, sealed, 0, sealedCount - drop);
                Arrays.fill(sealed, sealedCount - drop, sealedCount, null);
            } else {
                System.arraycopy(sealedRefs, drop, sealedRefs, 0, sealedCount - drop);
            }
            System.arraycopy(sealedEncodings, drop, sealedEncodings, 0, sealedCount - drop);
            System.arraycopy(sealedTimes, 2 * drop, sealedTimes, 0, 2 * (sealedCount - drop));
            sealedCount -= drop;
        }
        if (outOfOrder != null) {
            outOfOrder.removeBefore(mint);
            if (outOfOrder.count() == 0) {
                outOfOrder = null;
            }
        }
        boolean hasOpen = open != null || openHistograms != null;
        if (hasOpen && openMaxTime < mint) {
            open = null;
            openHistograms = null;
            hasOpen = false;
        }
        if (sealedCount > 0) {
            minTime = sealedTimes[0];
        } else if (hasOpen) {
            minTime = openMinTime;
        } else {
            minTime = Long.MAX_VALUE;
        }
        if (outOfOrder != null) {
            minTime = Math.min(minTime, outOfOrder.minTime());
        }
        return minTime == Long.MAX_VALUE;
    }

    /**
     * The chunks of this series with samples in {@code [start, end)}, sealed or open. Chunks never
     * cross a multiple of the chunk range, so for an aligned range they lie wholly inside it.
     */
    synchronized List<EncodedChunk> chunksIn(long start, long end) {
        OutOfOrderSamples.Slice late = outOfOrderSlice(start, end - 1);
        if (deleted.overlaps(start, end - 1) || !late.isEmpty()) {
            // Deleted samples stay out of the block and late ones go in: re-encode the range.
            SampleIterator it = new ChunkListIterator().reset(snapshot(start, end - 1), start, end - 1, deleted);
            if (!late.isEmpty()) {
                it = new OutOfOrderMergeIterator(it, late, deleted);
            }
            return new SeriesChunkEncoder(SAMPLES_PER_CHUNK).encode(it);
        }
        List<EncodedChunk> result = new ArrayList<>();
        for (int i = 0; i < sealedCount; i++) {
            long min = sealedTimes[2 * i];
            if (min >= start && min < end) {
                byte[] bytes = sealedBytes(i);
                result.add(new EncodedChunk(sealedEncodings[i], min, sealedTimes[2 * i + 1], XorChunk.countOf(bytes, 0), bytes, 0, bytes.length));
            }
        }
        if ((open != null || openHistograms != null) && openMinTime >= start && openMinTime < end) {
            byte[] bytes = open != null ? open.toByteArray() : openHistograms.toByteArray();
            result.add(new EncodedChunk(openEncoding(), openMinTime, openMaxTime, XorChunk.countOf(bytes, 0), bytes, 0, bytes.length));
        }
        return result;
    }

    synchronized void delete(long min, long max) {
        deleted = deleted.add(min, max);
    }

    synchronized Intervals deleted() {
        return deleted;
    }

    synchronized int chunkCount() {
        return sealedCount + (open != null || openHistograms != null ? 1 : 0);
    }

    synchronized long minTime() {
        return minTime;
    }

    synchronized long maxTime() {
        return maxTime;
    }

    /**
     * The chunks overlapping {@code [mint, maxt]}, captured under the lock so that an iterator can
     * decode them while appends continue.
     */
    synchronized ChunkList snapshot(long mint, long maxt) {
        if (maxTime < mint || minTime > maxt) {
            return ChunkList.EMPTY;
        }
        boolean hasOpen = open != null || openHistograms != null;
        int total = sealedCount + (hasOpen ? 1 : 0);
        byte[][] bytes = new byte[total][];
        byte[] encodings = new byte[total];
        int[] lengths = new int[total];
        int[] counts = new int[total];
        long[] maxTimes = new long[total];
        int n = 0;
        for (int i = 0; i < sealedCount; i++) {
            if (sealedTimes[2 * i + 1] < mint || sealedTimes[2 * i] > maxt) {
                continue;
            }
            bytes[n] = sealedBytes(i);
            encodings[n] = sealedEncodings[i];
            lengths[n] = bytes[n].length;
            counts[n] = XorChunk.countOf(bytes[n], 0);
            maxTimes[n] = sealedTimes[2 * i + 1];
            n++;
        }
        if (hasOpen && openMaxTime >= mint && openMinTime <= maxt) {
            encodings[n] = openEncoding();
            bytes[n] = open != null ? open.bytes() : openHistograms.bytes();
            lengths[n] = open != null ? open.length() : openHistograms.length();
            counts[n] = open != null ? open.count() : openHistograms.count();
            maxTimes[n] = openMaxTime;
            n++;
        }
        return new ChunkList(bytes, encodings, lengths, counts, maxTimes, n);
    }
}
