package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.index.PostingsMatcher;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.wal.WriteAheadLog;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.SeriesDeleter;
import dev.panoptes.metrics.storage.CardinalityStatistics;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SeriesExemplars;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.tsdb.block.BlockId;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import dev.panoptes.metrics.tsdb.block.BlockQuerier;
import dev.panoptes.metrics.tsdb.block.BlockReader;
import dev.panoptes.metrics.tsdb.block.BlockWriter;
import dev.panoptes.metrics.tsdb.head.Head;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import dev.panoptes.metrics.tsdb.wal.MetricsCheckpoint;
import dev.panoptes.metrics.tsdb.wal.MetricsRecordEncoder;
import dev.panoptes.metrics.tsdb.wal.MetricsWalReplay;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.roaringbitmap.PeekableIntIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's metrics database: immutable blocks in the object store under
 * {@code <blocksPrefix><id>/}, and the head in memory with its write-ahead log in
 * {@code <dir>/wal}. Opening loads the blocks it can read (reporting those it cannot), replays
 * the log, and refuses samples older than the newest block. As the head grows past one and a
 * half block durations, its oldest full range is cut into a block, the head forgets it and the
 * log is checkpointed; queries merge blocks and head.
 *
 * <p>Thread-safe.
 */
public final class Tsdb implements Storage, CardinalityStatistics, SeriesDeleter, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);

    private final Path dir;
    private final ObjectStore store;
    private final String blocksPrefix;
    private final TsdbSettings settings;
    private final Head head;
    private final WriteAheadLog wal;
    private final MetricsWalReplay.Result replay;
    private final List<String> blockProblems;
    private final Object cutLock = new Object();
    /** Readable blocks sorted by start time; replaced whole on change. */
    private volatile List<BlockReader> blocks;

    private Tsdb(Path dir, ObjectStore store, String blocksPrefix, TsdbSettings settings, Head head, WriteAheadLog wal,
                 MetricsWalReplay.Result replay, List<BlockReader> blocks, List<String> blockProblems) {
        this.dir = dir;
        this.store = store;
        this.blocksPrefix = blocksPrefix;
        this.settings = settings;
        this.head = head;
        this.wal = wal;
        this.replay = replay;
        this.blocks = blocks;
        this.blockProblems = blockProblems;
    }

    /**
     * Opens the database with local files in {@code dir} and blocks in {@code store} under
     * {@code blocksPrefix} (a key prefix ending in {@code /}).
     */
    public static Tsdb open(Path dir, ObjectStore store, String blocksPrefix, TsdbSettings settings) throws IOException {
        Files.createDirectories(dir);
        List<String> problems = new ArrayList<>();
        List<BlockReader> blocks = openBlocks(dir, store, blocksPrefix, problems);
        long blocksEnd = Long.MIN_VALUE;
        for (BlockReader block : blocks) {
            blocksEnd = Math.max(blocksEnd, block.meta().maxTime());
        }
        Path walDir = dir.resolve("wal");
        WalJournal journal = new WalJournal();
        Head head = new Head(settings.blockDuration().toMillis(), settings.maxActiveSeries(), settings.maxExemplars(), journal,
                dir.resolve("chunks_head"));
        head.setMinValidTime(blocksEnd);
        head.setOutOfOrderWindow(settings.outOfOrderTimeWindow().toMillis());
        head.setMaxSeriesPerMetric(settings.maxSeriesPerMetric());
        long started = System.nanoTime();
        MetricsWalReplay.Result replay = MetricsWalReplay.replay(walDir, head, blocksEnd);
        if (replay.series() > 0) {
            LOG.info("Replayed the write-ahead log of {}: {} series, {} samples in {} ms", dir, replay.series(), replay.samples(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        WriteAheadLog wal = WriteAheadLog.open(walDir, settings.walOptions());
        journal.wal = wal;
        return new Tsdb(dir, store, blocksPrefix, settings, head, wal, replay, blocks, problems);
    }

    private static List<BlockReader> openBlocks(Path dir, ObjectStore store, String prefix, List<String> problems) throws IOException {
        TreeSet<String> ids = new TreeSet<>();
        for (ObjectInfo info : store.list(prefix)) {
            String rest = info.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals("meta.json") && BlockId.isValid(rest.substring(0, slash))) {
                ids.add(rest.substring(0, slash));
            }
        }
        List<BlockReader> blocks = new ArrayList<>();
        for (String id : ids) {
            String blockPrefix = prefix + id + "/";
            Path cache = dir.resolve("blocks").resolve(id);
            try {
                BlockMeta meta = BlockMeta.fromJson(store.get(blockPrefix + "meta.json"));
                try {
                    blocks.add(BlockReader.open(store, blockPrefix, meta, cache));
                } catch (CorruptDataException e) {
                    // The local copy of the index may be what is damaged: fetch it again once.
                    BlockWriter.deleteRecursively(cache);
                    blocks.add(BlockReader.open(store, blockPrefix, meta, cache));
                }
            } catch (IOException | CorruptDataException e) {
                String problem = "block " + id + " cannot be read and is left out: " + e.getMessage();
                LOG.error("{}", problem);
                problems.add(problem);
            }
        }
        List<BlockMeta> metas = new ArrayList<>();
        for (BlockReader block : blocks) {
            metas.add(block.meta());
        }
        Set<String> redundant = BlockCompactor.redundant(metas);
        if (!redundant.isEmpty()) {
            LOG.info("Deleting blocks {} whose data a merged block holds (a merge was interrupted)", redundant);
            blocks.removeIf(block -> {
                if (!redundant.contains(block.meta().id())) {
                    return false;
                }
                deleteBlock(store, block);
                return true;
            });
        }
        blocks.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        return List.copyOf(blocks);
    }

    private static void deleteBlock(ObjectStore store, BlockReader block) {
        try {
            BlockCompactor.delete(store, block.prefix());
            BlockWriter.deleteRecursively(block.cacheDir());
        } catch (IOException e) {
            LOG.error("Deleting block {} failed; it is out of service and will be removed at the next start", block.meta().id(), e);
        }
    }

    /** Cuts blocks from the head, merges blocks, and applies retention, as far as each is due. */
    public void maintain() throws IOException {
        compactHead();
        compactBlocks();
        applyRetention();
    }

    /**
     * Merges blocks within complete windows until none is left to merge.
     *
     * @return the number of merges
     */
    public int compactBlocks() throws IOException {
        List<Long> ranges = BlockCompactor.ranges(settings.blockDuration().toMillis(), settings.maxBlockDuration().toMillis());
        int merges = 0;
        synchronized (cutLock) {
            while (true) {
                List<BlockReader> group = BlockCompactor.plan(blocks, ranges, head.minValidTime());
                if (group.isEmpty()) {
                    return merges;
                }
                BlockMeta meta = BlockCompactor.merge(group, dir.resolve("staging"), store, blocksPrefix);
                BlockReader merged = BlockReader.open(store, blocksPrefix + meta.id() + "/", meta, dir.resolve("blocks").resolve(meta.id()));
                replaceBlocks(group, merged);
                LOG.info("Merged {} blocks into {} for [{}, {})", group.size(), meta.id(), meta.minTime(), meta.maxTime());
                merges++;
            }
        }
    }

    /**
     * Deletes blocks past the retention time or beyond the retention size, oldest first.
     *
     * @return the number of blocks deleted
     */
    public int applyRetention() {
        synchronized (cutLock) {
            List<BlockReader> expired = BlockCompactor.expired(blocks, settings.retentionTime().toMillis(), settings.retentionSize().bytes());
            if (!expired.isEmpty()) {
                LOG.info("Retention deletes {} blocks", expired.size());
                replaceBlocks(expired, null);
            }
            return expired.size();
        }
    }

    @Override
    public void deleteSeries(List<LabelMatcher> matchers, long mint, long maxt) throws IOException {
        synchronized (cutLock) {
            for (BlockReader block : blocks) {
                if (!block.meta().overlaps(mint, maxt)) {
                    continue;
                }
                Map<Integer, Intervals> added = new HashMap<>();
                PeekableIntIterator ordinals = PostingsMatcher.select(block, matchers).getIntIterator();
                while (ordinals.hasNext()) {
                    added.put(ordinals.next(), Intervals.of(mint, maxt));
                }
                if (!added.isEmpty()) {
                    block.addTombstones(added);
                }
            }
            head.deleteSeries(matchers, mint, maxt);
        }
    }

    @Override
    public void cleanTombstones() throws IOException {
        synchronized (cutLock) {
            for (BlockReader block : blocks) {
                if (!block.hasTombstones()) {
                    continue;
                }
                BlockMeta meta = BlockCompactor.merge(List.of(block), dir.resolve("staging"), store, blocksPrefix);
                BlockReader rewritten = BlockReader.open(store, blocksPrefix + meta.id() + "/", meta, dir.resolve("blocks").resolve(meta.id()));
                replaceBlocks(List.of(block), rewritten);
                LOG.info("Rewrote block {} without its deleted samples as {}", block.meta().id(), meta.id());
            }
        }
    }

    /** Takes {@code old} out of service (deleting each once no query reads it) and adds {@code added} if not null. */
    private void replaceBlocks(List<BlockReader> old, BlockReader added) {
        List<BlockReader> updated = new ArrayList<>(blocks);
        updated.removeAll(old);
        if (added != null) {
            updated.add(added);
        }
        updated.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        blocks = List.copyOf(updated);
        for (BlockReader block : old) {
            block.retire(() -> deleteBlock(store, block));
        }
    }

    public Path directory() {
        return dir;
    }

    /** What the last start-up replay restored and could not restore. */
    public MetricsWalReplay.Result replayResult() {
        return replay;
    }

    /** Blocks that could not be opened at start-up, one line each. */
    public List<String> blockProblems() {
        return List.copyOf(blockProblems);
    }

    public List<BlockMeta> blocks() {
        List<BlockMeta> metas = new ArrayList<>();
        for (BlockReader block : blocks) {
            metas.add(block.meta());
        }
        return metas;
    }

    /** Bytes the blocks take in the object store. */
    public long blockBytes() {
        long total = 0;
        for (BlockReader block : blocks) {
            total += block.sizeBytes();
        }
        return total;
    }

    public Head head() {
        return head;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        List<Querier> sources = new ArrayList<>();
        for (BlockReader block : blocks) {
            if (block.meta().overlaps(mint, maxt) && block.acquire()) {
                sources.add(new BlockQuerier(block, mint, maxt));
            }
        }
        Querier headQuerier = head.querier(mint, maxt);
        if (sources.isEmpty()) {
            return headQuerier;
        }
        sources.add(headQuerier);
        return new MergeQuerier(sources);
    }

    @Override
    public Appender appender() {
        return head.appender();
    }

    @Override
    public List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets) {
        return head.exemplars(start, end, matcherSets);
    }

    @Override
    public TsdbStatus tsdbStatus(int limit) {
        return head.tsdbStatus(limit);
    }

    @Override
    public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        return head.metadata(metric, limit, limitPerMetric);
    }

    /**
     * Cuts every full block range the head has moved past: while the head spans more than one and
     * a half block durations, its oldest aligned range becomes a block.
     *
     * @return the number of blocks written
     */
    public int compactHead() throws IOException {
        long duration = settings.blockDuration().toMillis();
        int cut = 0;
        synchronized (cutLock) {
            while (head.minTime() != Long.MAX_VALUE && head.maxTime() - head.minTime() > duration * 3 / 2) {
                long start = Math.floorDiv(head.minTime(), duration) * duration;
                long end = start + duration;
                if (end > head.maxTime() - duration / 2) {
                    break;
                }
                cutBlock(start, end);
                cut++;
            }
        }
        return cut;
    }

    /** Writes the head's data in {@code [start, end)} as a block, then drops it from the head and the log. */
    void cutBlock(long start, long end) throws IOException {
        // From here on no commit can add samples to the range being written.
        head.setMinValidTime(end);
        String id = BlockId.next(System.currentTimeMillis());
        Path staging = dir.resolve("staging").resolve(id);
        BlockMeta meta;
        try (BlockWriter writer = new BlockWriter(staging)) {
            head.forEachSeriesIn(start, end, writer::addSeries);
            if (writer.seriesCount() > 0) {
                meta = writer.finish(id, start, end, 1, List.of(id));
                String blockPrefix = blocksPrefix + id + "/";
                writer.upload(store, blockPrefix, meta);
                BlockReader reader = BlockReader.open(store, blockPrefix, meta, dir.resolve("blocks").resolve(id));
                List<BlockReader> updated = new ArrayList<>(blocks);
                updated.add(reader);
                updated.sort(Comparator.comparingLong(b -> b.meta().minTime()));
                blocks = List.copyOf(updated);
                LOG.info("Cut block {} of {} series, {} samples for [{}, {})", id, meta.numSeries(), meta.numSamples(), start, end);
            }
        }
        head.truncateBefore(end);
        int last = wal.cutSegment();
        wal.checkpoint(last, new MetricsCheckpoint(head::hasSeries, end));
    }

    @Override
    public void close() throws IOException {
        synchronized (cutLock) {
            wal.close();
            head.close();
            for (BlockReader block : blocks) {
                block.close();
            }
        }
    }

    /** Logs head changes to the write-ahead log. */
    private static final class WalJournal implements HeadJournal {

        /** Commits encode into a buffer of their own thread; buffers above 1 MiB are not kept. */
        private static final ThreadLocal<EncodeBuffer> BUFFERS = ThreadLocal.withInitial(() -> new EncodeBuffer(4096));

        /** Series creation is serialised by the head, so one buffer serves it. */
        private final EncodeBuffer seriesBuffer = new EncodeBuffer(256);
        private volatile WriteAheadLog wal;

        @Override
        public void series(int id, Labels labels) throws IOException {
            MetricsRecordEncoder.series(seriesBuffer.reset(), id, labels);
            // Not synced on its own: the commit that carries the series' first sample syncs it.
            wal.write(seriesBuffer, false);
        }

        @Override
        public void tombstones(int[] ids, long min, long max) throws IOException {
            EncodeBuffer buf = new EncodeBuffer(16 + ids.length * 12);
            MetricsRecordEncoder.tombstones(buf, ids, min, max);
            wal.write(buf, true);
        }

        @Override
        public void commit(CommitBatch batch) throws IOException {
            EncodeBuffer buf = BUFFERS.get().reset();
            MetricsRecordEncoder.batch(buf, batch);
            wal.write(buf);
            if (buf.array().length > 1 << 20) {
                BUFFERS.remove();
            }
        }
    }
}
