package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which log blocks to merge and rewrites blocks. Flushes write one block per
 * {@code flush_interval}; merging the blocks that lie inside one aligned window (2 h, then 12 h,
 * then 24 h) into one leaves fewer indexes to load and, since small chunks of a stream are
 * re-cut into full ones, better compression and fewer filters. A rewrite also drops whole chunks
 * past retention and, for delete requests, the deleted lines; chunks that are full already and
 * untouched by either are copied as they are, without decompressing them.
 */
final class LogCompactor {

    /** Window sizes, smallest first, in nanoseconds. */
    static final List<Long> RANGES = List.of(2 * 3600_000_000_000L, 12 * 3600_000_000_000L, 24 * 3600_000_000_000L);

    private LogCompactor() {
    }

    /** What a rewrite keeps of one stream: chunks whose newest entry is at or after {@code keepFrom}, minus {@code deleted}. */
    record StreamRewrite(long keepFrom, DeletedLines deleted) {
        static final StreamRewrite KEEP_ALL = new StreamRewrite(Long.MIN_VALUE, DeletedLines.NONE);
    }

    /** Chooses the rewrite of each stream. */
    @FunctionalInterface
    interface RewriteRules {
        StreamRewrite forStream(Labels labels);
    }

    /**
     * The blocks to merge next, or an empty list: two or more blocks lying inside one aligned
     * window that ends at or before {@code completeBefore}, smallest windows first.
     */
    static List<LogBlock> plan(Collection<LogBlock> blocks, List<Long> ranges, long completeBefore) {
        List<LogBlock> sorted = new ArrayList<>(blocks);
        sorted.sort((a, b) -> Long.compare(a.meta().minTime(), b.meta().minTime()));
        for (long range : ranges) {
            Map<Long, List<LogBlock>> windows = new TreeMap<>();
            for (LogBlock block : sorted) {
                long start = Math.floorDiv(block.meta().minTime(), range) * range;
                if (block.meta().maxTime() < start + range) {
                    windows.computeIfAbsent(start, w -> new ArrayList<>()).add(block);
                }
            }
            for (Map.Entry<Long, List<LogBlock>> window : windows.entrySet()) {
                if (window.getValue().size() >= 2 && window.getKey() + range <= completeBefore) {
                    return window.getValue();
                }
            }
        }
        return List.of();
    }

    /** Ids of blocks whose sources a block of a higher level also holds. */
    static Set<String> redundant(Collection<LogBlockMeta> metas) {
        Set<String> redundant = new HashSet<>();
        for (LogBlockMeta a : metas) {
            for (LogBlockMeta b : metas) {
                if (a != b && b.level() > a.level() && b.sources().containsAll(a.sources())) {
                    redundant.add(a.id());
                }
            }
        }
        return redundant;
    }

    /**
     * Writes the streams of {@code sources} as one new block, re-cutting chunks at
     * {@code chunkTargetBytes}; returns it, or null when nothing is left.
     */
    static LogBlock rewrite(LogBlockStore store, List<LogBlock> sources, long chunkTargetBytes, RewriteRules rules) throws IOException {
        Map<Labels, List<BlockChunkRef>> streams = new TreeMap<>();
        int level = 0;
        int walThrough = -1;
        TreeSet<String> origins = new TreeSet<>();
        for (LogBlock block : sources) {
            level = Math.max(level, block.meta().level() + 1);
            walThrough = Math.max(walThrough, block.meta().walSegmentThrough());
            origins.addAll(block.meta().sources());
            for (LogBlockIndex.Stream s : block.index().streams()) {
                streams.computeIfAbsent(s.labels(), l -> new ArrayList<>()).addAll(s.refs());
            }
        }
        try (LogBlockStore.Writer writer = store.writer(walThrough, level, List.copyOf(origins))) {
            for (Map.Entry<Labels, List<BlockChunkRef>> stream : streams.entrySet()) {
                writer.beginStream(stream.getKey());
                rewriteStream(store, writer, stream.getKey(), stream.getValue(), chunkTargetBytes, rules.forStream(stream.getKey()));
            }
            return writer.finish();
        }
    }

    private static void rewriteStream(LogBlockStore store, LogBlockStore.Writer writer, Labels labels, List<BlockChunkRef> refs,
                                      long chunkTargetBytes, StreamRewrite rule) throws IOException {
        List<StreamCursor.Piece> kept = new ArrayList<>();
        for (BlockChunkRef ref : refs) {
            if (ref.maxTime() >= rule.keepFrom()) {
                kept.add(new StreamCursor.Piece(kept.size(), ref.minTime(), ref.maxTime(), ref, null, null));
            }
        }
        kept.sort((a, b) -> a.minTime() != b.minTime() ? Long.compare(a.minTime(), b.minTime()) : Integer.compare(a.order(), b.order()));
        EntryBuffer pending = new EntryBuffer(256);
        int runStart = 0;
        long runMax = Long.MIN_VALUE;
        for (int i = 0; i <= kept.size(); i++) {
            boolean runEnds = i == kept.size() || i > runStart && kept.get(i).minTime() > runMax;
            if (runEnds && i > runStart) {
                List<StreamCursor.Piece> run = kept.subList(runStart, i);
                BlockChunkRef only = run.size() == 1 ? run.get(0).ref() : null;
                if (only != null && only.lineBytes() >= chunkTargetBytes / 2 && !rule.deleted().overlaps(only.minTime(), only.maxTime())) {
                    // Entries re-cut so far are older than this chunk: they are written first,
                    // so that no chunk spans another's time (overlapping chunks are merged on every read).
                    cut(writer, pending);
                    writer.add(store.fetch(only), only.bloom());
                } else {
                    StreamCursor cursor = new StreamCursor(labels, run, Long.MIN_VALUE, Long.MAX_VALUE, false, LineConditions.NONE, rule.deleted(),
                            new ScanStatistics(), store::fetch);
                    while (cursor.next()) {
                        pending.add(cursor.time(), cursor.line(), cursor.metadata());
                        if (pending.lineBytes() >= chunkTargetBytes) {
                            cut(writer, pending);
                        }
                    }
                }
                runStart = i;
                runMax = Long.MIN_VALUE;
            }
            if (i < kept.size()) {
                runMax = Math.max(runMax, kept.get(i).maxTime());
            }
        }
        cut(writer, pending);
    }

    private static void cut(LogBlockStore.Writer writer, EntryBuffer pending) throws IOException {
        if (pending.size() == 0) {
            return;
        }
        LogChunk chunk = LogChunk.encode(pending.timesArray(), pending.linesArray(), pending.metadataArray(), pending.size());
        writer.add(chunk, chunk.bloom());
        pending.clear();
    }
}
