package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of a tenant: its labels, the chunks already flushed to blocks (references only), its
 * sealed chunks in memory, and the head of entries not yet cut.
 * Entries may arrive in any time order; a chunk is sorted when it is cut, and a read sorts what
 * it gathers only when the chunks and head it touches overlap in time.
 *
 * <p>An entry equal to one already in the head (same time, line and metadata), or to the last
 * entry appended, is dropped as Loki's ingester drops it, so that a client re-sending a batch it
 * got no answer for does not store its entries twice. Entries in chunks already cut are not
 * looked at, as Loki does not look at them either.
 *
 * <p>Thread-safe: appends and the capture of a read run under the stream's monitor; chunks are
 * immutable, so decoding happens outside it.
 */
final class LogStream {

    final int id;
    final Labels labels;
    private final long chunkTargetBytes;
    private final List<LogChunk> chunks = new ArrayList<>();
    private final List<BlockChunkRef> flushed = new ArrayList<>();
    private final EntryBuffer head = new EntryBuffer(16);
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private long entries;
    /** The head's entries by a hash of their time: index + 1, 0 for an empty slot; at most half full. */
    private int[] headByTime = new int[32];
    /** The last entry appended, kept across cuts. */
    private long lastTime;
    private String lastLine;
    private Labels lastMetadata;

    LogStream(int id, Labels labels, long chunkTargetBytes) {
        this.id = id;
        this.labels = labels;
        this.chunkTargetBytes = chunkTargetBytes;
    }

    /** Appends an entry; false when it was dropped as a duplicate (see the class comment). */
    synchronized boolean append(long t, String line, Labels metadata) {
        if (isDuplicate(t, line, metadata)) {
            return false;
        }
        head.add(t, line, metadata);
        index(head.size() - 1, t);
        lastTime = t;
        lastLine = line;
        lastMetadata = metadata;
        minTime = Math.min(minTime, t);
        maxTime = Math.max(maxTime, t);
        entries++;
        if (head.lineBytes() >= chunkTargetBytes) {
            cut();
        }
        return true;
    }

    private boolean isDuplicate(long t, String line, Labels metadata) {
        if (lastLine != null && t == lastTime && line.equals(lastLine) && metadata.equals(lastMetadata)) {
            return true;
        }
        int mask = headByTime.length - 1;
        for (int at = slot(t) & mask; headByTime[at] != 0; at = (at + 1) & mask) {
            int i = headByTime[at] - 1;
            if (head.time(i) == t && head.line(i).equals(line) && head.metadata(i).equals(metadata)) {
                return true;
            }
        }
        return false;
    }

    private void index(int i, long t) {
        if ((i + 1) * 2 > headByTime.length) {
            headByTime = new int[headByTime.length * 2];
            for (int k = 0; k < i; k++) {
                put(k, head.time(k));
            }
        }
        put(i, t);
    }

    private void put(int i, long t) {
        int mask = headByTime.length - 1;
        int at = slot(t) & mask;
        while (headByTime[at] != 0) {
            at = (at + 1) & mask;
        }
        headByTime[at] = i + 1;
    }

    private static int slot(long t) {
        long h = t * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Seals the head into a chunk; nothing happens when it is empty. */
    synchronized void cut() {
        if (head.size() == 0) {
            return;
        }
        head.sort();
        chunks.add(LogChunk.encode(head.timesArray(), head.linesArray(), head.metadataArray(), head.size()));
        head.clear();
        headByTime = new int[32];
    }

    /** The sealed chunks in memory now. */
    synchronized List<LogChunk> sealedChunks() {
        return new ArrayList<>(chunks);
    }

    /** Replaces {@code written} (chunks now in a block) by their references {@code refs}. */
    synchronized void flushed(List<LogChunk> written, List<BlockChunkRef> refs) {
        for (LogChunk chunk : written) {
            for (int i = 0; i < chunks.size(); i++) {
                if (chunks.get(i) == chunk) {
                    chunks.remove(i);
                    break;
                }
            }
        }
        flushed.addAll(refs);
    }

    /** Forgets the flushed chunks stored in {@code chunksKey} (a block replaced or deleted). */
    synchronized void removeFlushed(String chunksKey) {
        flushed.removeIf(ref -> ref.chunksKey().equals(chunksKey));
        minTime = Long.MAX_VALUE;
        maxTime = Long.MIN_VALUE;
        entries = 0;
        for (BlockChunkRef ref : flushed) {
            include(ref.minTime(), ref.maxTime(), ref.entries());
        }
        for (LogChunk chunk : chunks) {
            include(chunk.minTime(), chunk.maxTime(), chunk.entries());
        }
        for (int i = 0; i < head.size(); i++) {
            include(head.time(i), head.time(i), 1);
        }
    }

    private void include(long min, long max, long n) {
        minTime = Math.min(minTime, min);
        maxTime = Math.max(maxTime, max);
        entries += n;
    }

    /** Adds chunks of a block (found at start-up, or written by compaction). */
    synchronized void addFlushed(List<BlockChunkRef> refs) {
        for (BlockChunkRef ref : refs) {
            flushed.add(ref);
            minTime = Math.min(minTime, ref.minTime());
            maxTime = Math.max(maxTime, ref.maxTime());
            entries += ref.entries();
        }
    }

    synchronized boolean overlaps(long from, long to) {
        return entries > 0 && minTime <= to && maxTime >= from;
    }

    /** Reads a flushed chunk from its block. */
    @FunctionalInterface
    interface ChunkFetcher {
        LogChunk fetch(BlockChunkRef ref);
    }

    private static boolean mayHold(ChunkBloom bloom, List<List<LineSubstring>> lines, List<String> metadata) {
        if (!bloom.mayContainAll(lines)) {
            return false;
        }
        for (String value : metadata) {
            if (!bloom.mayContainInMetadata(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cursor over the entries within {@code [from, to]}, or null when the stream has nothing
     * there: the pieces (flushed chunks, chunks in memory, a copy of the head's entries in range)
     * are taken now, leaving out chunks whose bloom filter shows they hold no line with every
     * group of {@code lineMustContain} (see {@link ChunkBloom#mayContainAll}), or whose filter,
     * holding the metadata values, shows no value holding one of {@code metadataMustContain};
     * nothing is decoded until the cursor moves.
     */
    StreamCursor cursor(long from, long to, List<List<LineSubstring>> lineMustContain, List<String> metadataMustContain,
                        boolean backward, LineConditions conditions, DeletedLines deleted, ScanStatistics statistics, ChunkFetcher fetcher) {
        boolean pruning = !lineMustContain.isEmpty() || !metadataMustContain.isEmpty();
        List<StreamCursor.Piece> pieces = new ArrayList<>();
        synchronized (this) {
            int order = 0;
            for (BlockChunkRef ref : flushed) {
                if (ref.minTime() <= to && ref.maxTime() >= from) {
                    if (pruning && !mayHold(ref.bloom(), lineMustContain, metadataMustContain)) {
                        statistics.chunksSkippedByBloom++;
                    } else {
                        pieces.add(new StreamCursor.Piece(order, ref.minTime(), ref.maxTime(), ref, null, null));
                    }
                }
                order++;
            }
            for (LogChunk chunk : chunks) {
                if (chunk.minTime() <= to && chunk.maxTime() >= from) {
                    if (pruning && !mayHold(chunk.bloom(), lineMustContain, metadataMustContain)) {
                        statistics.chunksSkippedByBloom++;
                    } else {
                        pieces.add(new StreamCursor.Piece(order, chunk.minTime(), chunk.maxTime(), null, chunk, null));
                    }
                }
                order++;
            }
            EntryBuffer fromHead = new EntryBuffer(16);
            for (int i = 0; i < head.size(); i++) {
                long t = head.time(i);
                if (t >= from && t <= to) {
                    fromHead.add(t, head.line(i), head.metadata(i));
                }
            }
            if (fromHead.size() > 0) {
                fromHead.sort();
                pieces.add(new StreamCursor.Piece(order, fromHead.time(0), fromHead.time(fromHead.size() - 1), null, null, fromHead));
            }
        }
        if (pieces.isEmpty()) {
            return null;
        }
        return new StreamCursor(labels, pieces, from, to, backward, conditions, deleted, statistics, fetcher);
    }

    /**
     * The extents of the chunks overlapping {@code [from, to]}: flushed ones, then sealed ones in
     * memory, then the head's entries in range as one extent.
     */
    synchronized List<LogReader.ChunkExtent> extents(long from, long to) {
        List<LogReader.ChunkExtent> out = new ArrayList<>();
        for (BlockChunkRef ref : flushed) {
            if (ref.minTime() <= to && ref.maxTime() >= from) {
                out.add(new LogReader.ChunkExtent(ref.minTime(), ref.maxTime(), ref.entries(), ref.lineBytes()));
            }
        }
        for (LogChunk chunk : chunks) {
            if (chunk.minTime() <= to && chunk.maxTime() >= from) {
                out.add(new LogReader.ChunkExtent(chunk.minTime(), chunk.maxTime(), chunk.entries(), chunk.lineBytes()));
            }
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long count = 0;
        long bytes = 0;
        for (int i = 0; i < head.size(); i++) {
            long t = head.time(i);
            if (t >= from && t <= to) {
                min = Math.min(min, t);
                max = Math.max(max, t);
                count++;
                bytes += Utf8Length.of(head.line(i));
            }
        }
        if (count > 0) {
            out.add(new LogReader.ChunkExtent(min, max, count, bytes));
        }
        return out;
    }

    synchronized int chunkCount() {
        return chunks.size();
    }

    synchronized long encodedChunkBytes() {
        long sum = 0;
        for (LogChunk chunk : chunks) {
            sum += chunk.encodedBytes();
        }
        return sum;
    }
}
