package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One stream's entries of a scan, in time order forward or backward, read chunk by chunk: a chunk
 * in a block is fetched by its byte range only when the cursor reaches it, decompressed into a
 * reused buffer, its entries in range tested against the line conditions on their bytes, and only
 * the lines handed out become Strings. Chunks that overlap in time (entries pushed out of order,
 * or a head overlapping its last chunk) are read together as one run and merged; equal timestamps
 * keep the order of their pieces (flushed chunks, then chunks in memory, then the head).
 *
 * <p>Not thread-safe; the pieces it reads are immutable snapshots taken when the scan opened.
 */
public final class StreamCursor {

    /** Where a piece of the stream's data is: exactly one of {@code ref}, {@code chunk}, {@code head}. */
    record Piece(int order, long minTime, long maxTime, BlockChunkRef ref, LogChunk chunk, EntryBuffer head) {

        void load(DecodedChunk into, LogStream.ChunkFetcher fetcher, ScanStatistics statistics) {
            if (head != null) {
                into.fill(head);
                return;
            }
            LogChunk c = chunk;
            if (c == null) {
                c = fetcher.fetch(ref);
                statistics.bytesFetched += ref.length();
            }
            into.decode(c);
            statistics.chunksDecoded++;
        }
    }

    private final Labels labels;
    private final Piece[] pieces;
    /** Run {@code r} is {@code pieces[r == 0 ? 0 : runEnds[r - 1] .. runEnds[r])}. */
    private final int[] runEnds;
    private final long from;
    private final long to;
    private final boolean backward;
    private final LineConditions.Matching matching;
    private final DeletedLines deleted;
    private final ScanStatistics statistics;
    private final LogStream.ChunkFetcher fetcher;
    /** Asked before each chunk is loaded, so that a scan nobody waits for stops. */
    private ReadCheck check = ReadCheck.NONE;
    private final List<DecodedChunk> buffers = new ArrayList<>();
    private int nextRun;

    /** The run being read: one decoded chunk and its accepted entries, or several merged into {@code merged}. */
    private DecodedChunk single;
    private int[] accepted = new int[0];
    private int acceptedCount;
    private EntryBuffer merged;
    private int position;

    StreamCursor(Labels labels, List<Piece> pieces, long from, long to, boolean backward, LineConditions conditions, DeletedLines deleted,
                 ScanStatistics statistics, LogStream.ChunkFetcher fetcher) {
        this.labels = labels;
        this.pieces = pieces.toArray(new Piece[0]);
        Arrays.sort(this.pieces, Comparator.comparingLong(Piece::minTime).thenComparingInt(Piece::order));
        this.runEnds = runs(this.pieces);
        this.from = from;
        this.to = to;
        this.backward = backward;
        this.matching = conditions.matching();
        this.deleted = deleted;
        this.statistics = statistics;
        this.fetcher = fetcher;
        this.nextRun = backward ? runEnds.length - 1 : 0;
    }

    private static int[] runs(Piece[] sorted) {
        int[] ends = new int[sorted.length];
        int runs = 0;
        long runMax = Long.MIN_VALUE;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i].minTime() > runMax) {
                ends[runs++] = i;
            }
            runMax = Math.max(runMax, sorted[i].maxTime());
        }
        if (sorted.length > 0) {
            ends[runs++] = sorted.length;
        }
        return Arrays.copyOf(ends, runs);
    }

    /** Has {@code c} asked before each chunk this cursor loads; returns this cursor. */
    StreamCursor checkedBy(ReadCheck c) {
        this.check = c;
        return this;
    }

    /** How many chunks (or copies of head entries) the cursor may read: a measure of its work for splitting a scan between threads. */
    public int pieces() {
        return pieces.length;
    }

    public Labels labels() {
        return labels;
    }

    /** Moves to the next entry in the scan's direction; false when there is none. */
    public boolean next() {
        while (true) {
            position += backward ? -1 : 1;
            if (position >= 0 && position < currentSize()) {
                return true;
            }
            if (nextRun < 0 || nextRun >= runEnds.length) {
                return false;
            }
            loadRun(nextRun);
            nextRun += backward ? -1 : 1;
            position = backward ? currentSize() : -1;
        }
    }

    private int currentSize() {
        return merged != null ? merged.size() : acceptedCount;
    }

    public long time() {
        return merged != null ? merged.time(position) : single.time(accepted[position]);
    }

    public String line() {
        return merged != null ? merged.line(position) : single.line(accepted[position]);
    }

    /**
     * The chunk payload holding the current entry's line as UTF-8 bytes at
     * {@link #lineStart()}, {@link #lineBytes()} long, viewed as a Latin-1 string (one char per
     * byte), so that a reader can search the line without building it; null when the entry comes
     * from chunks merged in time order (then only {@link #line()} has it). Valid until the next
     * {@link #next()}.
     */
    public String payloadText() {
        return merged != null ? null : single.text();
    }

    /** The bytes of {@link #payloadText()}, or null when that is null. */
    public byte[] payload() {
        return merged != null ? null : single.bytes();
    }

    /** Where the current line starts in {@link #payload()}. */
    public int lineStart() {
        return merged != null ? 0 : single.lineStart(accepted[position]);
    }

    /** The UTF-8 length of {@link #line()}, without building the line when the store holds its bytes. */
    public int lineBytes() {
        return merged != null ? Utf8Length.of(merged.line(position)) : single.lineLength(accepted[position]);
    }

    public Labels metadata() {
        return merged != null ? merged.metadata(position) : single.metadata(accepted[position]);
    }

    private void loadRun(int run) {
        int start = run == 0 ? 0 : runEnds[run - 1];
        int end = runEnds[run];
        merged = null;
        if (end - start == 1) {
            single = buffer(0);
            check.check();
            pieces[start].load(single, fetcher, statistics);
            acceptedCount = 0;
            accept(single, (d, i) -> {
                if (acceptedCount == accepted.length) {
                    accepted = Arrays.copyOf(accepted, Math.max(64, accepted.length * 2));
                }
                accepted[acceptedCount++] = i;
            });
            return;
        }
        Piece[] run_ = Arrays.copyOfRange(pieces, start, end);
        Arrays.sort(run_, Comparator.comparingInt(Piece::order));
        EntryBuffer entries = new EntryBuffer(64);
        for (int k = 0; k < run_.length; k++) {
            DecodedChunk d = buffer(k);
            check.check();
            run_[k].load(d, fetcher, statistics);
            accept(d, (chunk, i) -> entries.add(chunk.time(i), chunk.line(i), chunk.metadata(i)));
        }
        entries.sort();
        merged = entries;
    }

    private interface Accepted {
        void add(DecodedChunk chunk, int i);
    }

    /** Hands the entries of {@code d} in range that pass the conditions and are not deleted to {@code out}, in order. */
    private void accept(DecodedChunk d, Accepted out) {
        int first = d.firstAtOrAfter(from);
        int last = to == Long.MAX_VALUE ? d.size() : d.firstAtOrAfter(to + 1);
        statistics.linesScanned += Math.max(0, last - first);
        for (int i = first; i < last; i++) {
            statistics.bytesScanned += d.lineLength(i);
        }
        if (first >= last || !matching.begin(d, first)) {
            return;
        }
        DeletedLines.Matching hidden = deleted.matching(d, first, last);
        for (int i = first; i < last; i++) {
            if (matching.accepts(i) && (hidden == null || !hidden.deletes(i))) {
                out.add(d, i);
            }
        }
    }

    private DecodedChunk buffer(int k) {
        while (buffers.size() <= k) {
            buffers.add(new DecodedChunk());
        }
        return buffers.get(k);
    }
}
