package dev.panoptes.logs.store;

import java.io.IOException;
import java.util.List;

/**
 * The decisions of a store's maintenance round: which blocks retention shrinks or deletes, which
 * blocks hold lines of delete requests due for processing, which blocks compaction merges; the
 * rewriting is {@link LogCompactor}'s and the swap the store's ({@link TenantLogStore#replace}).
 *
 * <p>Not thread-safe: the store runs one pass at a time.
 */
final class BlockMaintenance {

    private final TenantLogStore store;
    private final LogBlockStore blocks;
    private final long chunkTargetBytes;
    private final RetentionPolicy retention;
    private final DeleteRequests deletes;

    BlockMaintenance(TenantLogStore store, LogBlockStore blocks, long chunkTargetBytes, RetentionPolicy retention, DeleteRequests deletes) {
        this.store = store;
        this.blocks = blocks;
        this.chunkTargetBytes = chunkTargetBytes;
        this.retention = retention;
        this.deletes = deletes;
    }

    /** Deletes whole chunks (and whole blocks) whose newest entry is past retention at {@code nowMillis}; returns the blocks changed. */
    int enforceRetention(long nowMillis) throws IOException {
        long now = nowMillis * 1_000_000L;
        int changed = 0;
        for (LogBlock block : store.liveBlocks()) {
            boolean anyExpired = false;
            boolean allExpired = true;
            for (LogBlockIndex.Stream s : block.index().streams()) {
                long cutoff = retention.cutoffNanos(s.labels(), now);
                for (BlockChunkRef ref : s.refs()) {
                    anyExpired |= ref.maxTime() < cutoff;
                    allExpired &= ref.maxTime() < cutoff;
                }
            }
            if (anyExpired) {
                LogBlock kept = allExpired ? null : LogCompactor.rewrite(blocks, List.of(block), chunkTargetBytes,
                        labels -> new LogCompactor.StreamRewrite(retention.cutoffNanos(labels, now), DeletedLines.NONE));
                store.replace(List.of(block), kept);
                changed++;
            }
        }
        return changed;
    }

    /**
     * Removes from the blocks the lines of every received delete request made at or before
     * {@code createdByMillis} (flushing first, so that every line pushed before the request is in
     * a block), then marks those requests processed; returns how many were processed.
     */
    int processDeletes(long createdByMillis) throws IOException {
        List<DeleteRequest> due = deletes.due(createdByMillis);
        if (due.isEmpty()) {
            return 0;
        }
        store.flush();
        for (LogBlock block : store.liveBlocks()) {
            boolean touched = false;
            for (LogBlockIndex.Stream s : block.index().streams()) {
                DeletedLines lines = DeleteRequests.linesOf(s.labels(), due);
                for (BlockChunkRef ref : s.refs()) {
                    touched |= lines.overlaps(ref.minTime(), ref.maxTime());
                }
            }
            if (touched) {
                store.replace(List.of(block), LogCompactor.rewrite(blocks, List.of(block), chunkTargetBytes,
                        labels -> new LogCompactor.StreamRewrite(Long.MIN_VALUE, DeleteRequests.linesOf(labels, due))));
            }
        }
        deletes.markProcessed(due);
        return due.size();
    }

    /** Merges the blocks inside each complete window ({@link LogCompactor#plan}) until none is left to merge; returns the merges. */
    int compactBlocks(long nowMillis) throws IOException {
        long now = nowMillis * 1_000_000L;
        int merges = 0;
        while (true) {
            List<LogBlock> live = store.liveBlocks();
            long newest = Long.MIN_VALUE;
            for (LogBlock block : live) {
                newest = Math.max(newest, block.meta().maxTime());
            }
            List<LogBlock> group = LogCompactor.plan(live, LogCompactor.RANGES, newest);
            if (group.isEmpty()) {
                return merges;
            }
            store.replace(group, LogCompactor.rewrite(blocks, group, chunkTargetBytes,
                    labels -> new LogCompactor.StreamRewrite(retention.cutoffNanos(labels, now), DeletedLines.NONE)));
            merges++;
        }
    }
}
