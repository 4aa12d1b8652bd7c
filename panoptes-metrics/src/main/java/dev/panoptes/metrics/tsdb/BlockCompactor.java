package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.tsdb.block.BlockId;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import dev.panoptes.metrics.tsdb.block.BlockQuerier;
import dev.panoptes.metrics.tsdb.block.BlockReader;
import dev.panoptes.metrics.tsdb.block.BlockWriter;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import dev.panoptes.metrics.tsdb.chunk.SeriesChunkEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which blocks to merge or expire, and merges them. Blocks are merged within aligned
 * windows of growing size (the block duration times 3, 12, 84 and 336: 6 h, 1 d, 7 d and 28 d
 * for 2 h blocks) up to the maximum block duration, and only once the head has moved past a
 * window, so a window is merged once, whole. Fewer, larger blocks mean fewer indexes to search
 * and fewer repeated labels on disk.
 */
final class BlockCompactor {

    private static final int[] RANGE_FACTORS = {1, 3, 12, 84, 336};

    private BlockCompactor() {
    }

    /** The window sizes, smallest first, from the block duration up to {@code max}. */
    static List<Long> ranges(long blockDuration, long max) {
        List<Long> ranges = new ArrayList<>();
        for (int factor : RANGE_FACTORS) {
            long range = blockDuration * factor;
            if (range <= max) {
                ranges.add(range);
            }
        }
        return ranges;
    }

    /**
     * The blocks to merge next, or an empty list: two or more blocks lying inside one aligned
     * window that ends at or before {@code completeBefore}, smallest windows first.
     */
    static List<BlockReader> plan(List<BlockReader> blocks, List<Long> ranges, long completeBefore) {
        for (int r = 1; r < ranges.size(); r++) {
            long range = ranges.get(r);
            List<BlockReader> group = new ArrayList<>();
            long window = Long.MIN_VALUE;
            for (BlockReader block : blocks) {
                long start = Math.floorDiv(block.meta().minTime(), range) * range;
                boolean inside = block.meta().maxTime() <= start + range;
                if (start != window) {
                    if (group.size() >= 2 && window + range <= completeBefore) {
                        return group;
                    }
                    group = new ArrayList<>();
                    window = start;
                }
                if (inside) {
                    group.add(block);
                }
            }
            if (group.size() >= 2 && window + range <= completeBefore) {
                return group;
            }
        }
        return List.of();
    }

    /** Blocks entirely older than the retention time behind the newest, or the oldest beyond the retention size. */
    static List<BlockReader> expired(List<BlockReader> blocks, long retentionMs, long retentionBytes) {
        List<BlockReader> expired = new ArrayList<>();
        if (blocks.isEmpty()) {
            return expired;
        }
        long newest = Long.MIN_VALUE;
        long total = 0;
        for (BlockReader block : blocks) {
            newest = Math.max(newest, block.meta().maxTime());
            total += block.sizeBytes();
        }
        for (BlockReader block : blocks) {
            boolean tooOld = block.meta().maxTime() <= newest - retentionMs;
            boolean tooBig = retentionBytes > 0 && total > retentionBytes;
            if (!tooOld && !tooBig) {
                break;
            }
            expired.add(block);
            total -= block.sizeBytes();
        }
        return expired;
    }

    /** Ids of blocks whose data a higher-level block also holds (left behind by a merge interrupted before its cleanup). */
    static Set<String> redundant(List<BlockMeta> metas) {
        Set<String> redundant = new HashSet<>();
        for (BlockMeta a : metas) {
            for (BlockMeta b : metas) {
                if (a != b && b.level() > a.level() && b.sources().containsAll(a.sources())) {
                    redundant.add(a.id());
                }
            }
        }
        return redundant;
    }

    /** Merges {@code sources} (time-ordered) into one new block and stores it. */
    static BlockMeta merge(List<BlockReader> sources, Path stagingRoot, ObjectStore store, String blocksPrefix) throws IOException {
        String id = BlockId.next(System.currentTimeMillis());
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        int level = 0;
        TreeSet<String> origins = new TreeSet<>();
        List<Querier> queriers = new ArrayList<>();
        for (BlockReader block : sources) {
            minTime = Math.min(minTime, block.meta().minTime());
            maxTime = Math.max(maxTime, block.meta().maxTime());
            level = Math.max(level, block.meta().level());
            origins.addAll(block.meta().sources());
            if (!block.acquire()) {
                throw new IOException("block " + block.meta().id() + " was retired during the merge");
            }
            queriers.add(new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        SeriesChunkEncoder encoder = new SeriesChunkEncoder(120);
        try (BlockWriter writer = new BlockWriter(stagingRoot.resolve(id)); MergeQuerier merged = new MergeQuerier(queriers)) {
            SeriesSet set = merged.select(SelectHints.range(minTime, maxTime), List.of(LabelMatcher.regex(Labels.METRIC_NAME, ".*")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                List<EncodedChunk> chunks = encoder.encode(it);
                writer.addSeries(set.at().labels(), chunks);
            }
            if (!set.warnings().isEmpty()) {
                // Never replace readable blocks by a merge that silently lost part of them.
                throw new IOException("not merging blocks with damaged parts: " + set.warnings());
            }
            BlockMeta meta = writer.finish(id, minTime, maxTime, level + 1, List.copyOf(origins));
            writer.upload(store, blocksPrefix + id + "/", meta);
            return meta;
        }
    }

    /** Removes a block's objects, its metadata first so that it never appears half-deleted. */
    static void delete(ObjectStore store, String blockPrefix) throws IOException {
        store.delete(blockPrefix + "meta.json");
        for (ObjectInfo info : store.list(blockPrefix)) {
            store.delete(info.key());
        }
    }
}
