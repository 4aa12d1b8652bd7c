package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.index.MemPostingsIndex;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.CardinalityStatistics;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.metrics.storage.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import dev.panoptes.metrics.storage.SeriesExemplars;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.PeekableIntIterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import java.util.concurrent.atomic.AtomicLongArray;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory part of one tenant's metrics store: series by labels and by id, their chunks, the
 * postings index, exemplars and metadata. Appenders validate and buffer samples, log them to the
 * {@link HeadJournal}, then apply them; queriers read chunks captured under each series' lock.
 *
 * <p>Thread-safe. Series creation is serialised (it touches the index); appends to existing
 * series only take that series' monitor.
 */
public final class Head {

    /** Size of each memory-mapped head chunk file. */
    private static final int CHUNK_FILE_BYTES = 64 << 20;

    private final long chunkRange;
    private final MappedChunkFiles chunkFiles;
    private final int maxSeries;
    private final HeadJournal journal;

    private final SymbolTable symbols = new SymbolTable();
    private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
    private final SeriesTable byId = new SeriesTable();
    private final MemPostingsIndex postings = new MemPostingsIndex();
    private final Object creationLock = new Object();
    private int nextId;

    private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
    private volatile long minValidTime = Long.MIN_VALUE;
    private volatile long outOfOrderWindow;
    private volatile int maxSeriesPerMetric;
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    private final AtomicLongArray rejected = new AtomicLongArray(Reason.values().length);

    final ExemplarStore exemplars;
    final MetadataStore metadata = new MetadataStore();

    /**
     * @param chunkRange chunks never span a multiple of this (the block duration), in ms
     * @param maxSeries the active-series limit, or 0 for none
     * @param maxExemplars the capacity of the exemplar ring, or 0 to keep none
     */
    public Head(long chunkRange, int maxSeries, int maxExemplars, HeadJournal journal) {
        this(chunkRange, maxSeries, maxExemplars, journal, null);
    }

    /**
     * As {@link #Head(long, int, int, HeadJournal)}, keeping sealed chunks in memory-mapped files
     * under {@code chunkDir} (emptied first: they are rebuilt from the log) instead of on the heap.
     */
    public Head(long chunkRange, int maxSeries, int maxExemplars, HeadJournal journal, Path chunkDir) {
        this.chunkRange = chunkRange;
        try {
            this.chunkFiles = chunkDir == null ? null : new MappedChunkFiles(chunkDir, CHUNK_FILE_BYTES);
        } catch (IOException e) {
            throw new StorageException("cannot prepare head chunk files in " + chunkDir, e);
        }
        this.maxSeries = maxSeries;
        this.journal = journal;
        this.exemplars = new ExemplarStore(maxExemplars);
    }

    public Appender appender() {
        return new HeadAppender(this);
    }

    public Querier querier(long mint, long maxt) {
        return new HeadQuerier(this, mint, maxt);
    }

    long chunkRange() {
        return chunkRange;
    }

    HeadJournal journal() {
        return journal;
    }

    MemSeries series(int id) {
        return byId.get(id);
    }

    MemSeries series(Labels labels) {
        return byLabels.get(labels);
    }

    /**
     * The series with these labels, created (and journaled) if new.
     *
     * @throws SampleRejectedException with {@link Reason#SERIES_LIMIT} when creating it would pass
     *     the active-series limit, or {@link Reason#INVALID_LABELS} for an empty label set
     */
    MemSeries getOrCreate(Labels labels) throws SampleRejectedException {
        MemSeries series = byLabels.get(labels);
        if (series != null) {
            return series;
        }
        if (labels.isEmpty() || labels.metricName().isEmpty()) {
            throw SampleRejectedException.of(Reason.INVALID_LABELS);
        }
        synchronized (creationLock) {
            series = byLabels.get(labels);
            if (series != null) {
                return series;
            }
            if (maxSeries > 0 && byLabels.size() >= maxSeries) {
                throw SampleRejectedException.of(Reason.SERIES_LIMIT);
            }
            if (maxSeriesPerMetric > 0 && postings.count(Labels.METRIC_NAME, labels.metricName()) >= maxSeriesPerMetric) {
                throw SampleRejectedException.of(Reason.METRIC_SERIES_LIMIT);
            }
            int id = nextId;
            Labels interned = symbols.intern(labels);
            try {
                journal.series(id, interned);
            } catch (IOException e) {
                throw new StorageException("cannot log new series " + interned + " to the write-ahead log", e);
            }
            nextId++;
            return register(id, interned);
        }
    }

    /**
     * Recreates a series read back from the write-ahead log, keeping its id, without journaling
     * it again. If a series with these labels exists under another id (it was dropped and created
     * anew before the crash), returns that id, which the caller maps the logged id to.
     */
    public int restoreSeries(int id, Labels labels) {
        synchronized (creationLock) {
            MemSeries existing = byLabels.get(labels);
            if (existing != null) {
                return existing.id;
            }
            if (byId.get(id) != null) {
                throw new IllegalStateException("series id " + id + " logged twice with different labels");
            }
            register(id, symbols.intern(labels));
            nextId = Math.max(nextId, id + 1);
            return id;
        }
    }

    /** Restores a replayed exemplar of series {@code id}; dropped if the series is unknown or it is out of order. */
    public void restoreExemplar(int id, Exemplar exemplar) {
        if (byId.get(id) != null) {
            exemplars.add(id, exemplar);
        }
    }

    /** Restores replayed metadata of a metric. */
    public void restoreMetadata(String metric, MetricMetadata entry) {
        metadata.put(metric, entry);
    }

    /**
     * Deletes the samples in {@code [min, max]} of every series matching {@code matchers}: hidden
     * from queries at once, logged, and left out when the range becomes a block.
     *
     * @return the number of series affected
     */
    public int deleteSeries(List<LabelMatcher> matchers, long min, long max) throws IOException {
        RoaringBitmap ids = postings.select(matchers);
        List<MemSeries> affected = new ArrayList<>();
        PeekableIntIterator it = ids.getIntIterator();
        while (it.hasNext()) {
            MemSeries series = byId.get(it.next());
            if (series != null && series.maxTime() >= min && series.minTime() <= max) {
                affected.add(series);
            }
        }
        if (affected.isEmpty()) {
            return 0;
        }
        int[] affectedIds = new int[affected.size()];
        for (int i = 0; i < affectedIds.length; i++) {
            affectedIds[i] = affected.get(i).id;
        }
        journal.tombstones(affectedIds, min, max);
        for (MemSeries series : affected) {
            series.delete(min, max);
        }
        return affected.size();
    }

    /** Restores a replayed deletion of series {@code id}. */
    public void restoreTombstone(int id, long min, long max) {
        MemSeries series = byId.get(id);
        if (series != null) {
            series.delete(min, max);
        }
    }

    /** Whether series {@code id} is in the head (for checkpoints, which keep only live series). */
    public boolean hasSeries(int id) {
        return byId.get(id) != null;
    }

    private MemSeries register(int id, Labels labels) {
        MemSeries series = new MemSeries(id, labels, chunkFiles);
        byId.set(id, series);
        postings.add(id, labels);
        byLabels.put(labels, series);
        return series;
    }

    /**
     * Appends one replayed sample to the series with {@code id}; samples of unknown series or out
     * of order are dropped (the log may hold samples that were rejected at commit).
     *
     * @return whether the sample was applied
     */
    public boolean restoreSample(int id, long st, long t, double value) {
        return restore(id, st, t, value, null);
    }

    /** As {@link #restoreSample} for a histogram sample (a {@code Histogram} or {@code FloatHistogram} the head may keep). */
    public boolean restoreHistogram(int id, long st, long t, Object histogram) {
        return restore(id, st, t, 0, histogram);
    }

    private boolean restore(int id, long st, long t, double value, Object histogram) {
        MemSeries series = byId.get(id);
        if (series == null || series.append(st, t, value, histogram, chunkRange, outOfOrderWindow) != null) {
            return false;
        }
        observeTime(t);
        return true;
    }

    void observeTime(long t) {
        minTime.accumulateAndGet(t, Math::min);
        maxTime.accumulateAndGet(t, Math::max);
    }

    void countRejected(Reason reason) {
        rejected.incrementAndGet(reason.ordinal());
    }

    /** How many samples (and exemplars) were refused for {@code reason}, when appended or when committed. */
    public long rejected(Reason reason) {
        return rejected.get(reason.ordinal());
    }

    /** New series of a metric name beyond this many are refused (0: no limit). */
    public void setMaxSeriesPerMetric(int max) {
        this.maxSeriesPerMetric = Math.max(0, max);
    }

    /** Float samples up to this much older than their series' newest are accepted out of order (0: none). */
    public void setOutOfOrderWindow(long window) {
        this.outOfOrderWindow = Math.max(0, window);
    }

    long outOfOrderWindow() {
        return outOfOrderWindow;
    }

    /** Samples older than this are too old: they belong to a range already persisted in blocks. */
    public long minValidTime() {
        return minValidTime;
    }

    /**
     * Raises the minimum valid time. Waits for commits in flight, so that once this returns no
     * sample older than {@code t} can still land in the head.
     */
    public void setMinValidTime(long t) {
        commitLock.writeLock().lock();
        try {
            minValidTime = Math.max(minValidTime, t);
        } finally {
            commitLock.writeLock().unlock();
        }
    }

    /** Held (shared) by every commit while it logs and applies, so that raising the minimum valid time waits for them. */
    ReentrantReadWriteLock commitLock() {
        return commitLock;
    }

    /** Receives one series' chunks in a range, in label order. */
    @FunctionalInterface
    public interface SeriesChunks {
        void accept(Labels labels, List<EncodedChunk> chunks) throws IOException;
    }

    /** Visits, in label order, every series with chunks in {@code [start, end)} and those chunks. */
    public void forEachSeriesIn(long start, long end, SeriesChunks visitor) throws IOException {
        List<MemSeries> all = new ArrayList<>(byLabels.values());
        all.sort(Comparator.comparing(s -> s.labels));
        for (MemSeries series : all) {
            List<EncodedChunk> chunks = series.chunksIn(start, end);
            if (!chunks.isEmpty()) {
                visitor.accept(series.labels, chunks);
            }
        }
    }

    /** The oldest sample time in the head, or {@link Long#MAX_VALUE} when empty. */
    public long minTime() {
        return minTime.get();
    }

    /** The newest sample time in the head, or {@link Long#MIN_VALUE} when empty. */
    public long maxTime() {
        return maxTime.get();
    }

    public int numSeries() {
        return byLabels.size();
    }

    /** Releases the memory-mapped chunk files. */
    public void close() {
        if (chunkFiles != null) {
            chunkFiles.close();
        }
    }

    /** Exemplars in {@code [start, end]} of series matching any one matcher set, by series in label order. */
    public List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets) {
        RoaringBitmap ids = new RoaringBitmap();
        for (List<LabelMatcher> set : matcherSets) {
            ids.or(postings.select(set));
        }
        List<SeriesExemplars> result = new ArrayList<>();
        PeekableIntIterator it = ids.getIntIterator();
        while (it.hasNext()) {
            int id = it.next();
            MemSeries series = byId.get(id);
            if (series == null || !exemplars.hasSeries(id)) {
                continue;
            }
            List<Exemplar> selected = exemplars.select(id, start, end);
            if (!selected.isEmpty()) {
                result.add(new SeriesExemplars(series.labels, selected));
            }
        }
        result.sort(Comparator.comparing(SeriesExemplars::seriesLabels));
        return result;
    }

    /** Metadata by metric name, as {@link dev.panoptes.metrics.storage.Storage#metadata} describes. */
    public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        return metadata.select(metric, limit, limitPerMetric);
    }

    /** Cardinality statistics of the head, as Prometheus reports them for its head. */
    public CardinalityStatistics.TsdbStatus tsdbStatus(int limit) {
        Map<String, Long> byMetric = new HashMap<>();
        Map<String, Long> valuesByName = new HashMap<>();
        Map<String, Long> bytesByName = new HashMap<>();
        Map<String, Long> byPair = new HashMap<>();
        long[] pairs = new long[1];
        postings.forEachPair((name, value, count) -> {
            pairs[0]++;
            if (name.equals(Labels.METRIC_NAME)) {
                byMetric.put(value, (long) count);
            }
            valuesByName.merge(name, 1L, Long::sum);
            bytesByName.merge(name, (long) value.length(), Long::sum);
            byPair.put(name + "=" + value, (long) count);
        });
        long chunks = 0;
        for (MemSeries series : byLabels.values()) {
            chunks += series.chunkCount();
        }
        long min = minTime();
        long max = maxTime();
        CardinalityStatistics.HeadStats stats = new CardinalityStatistics.HeadStats(numSeries(), pairs[0], chunks,
                min == Long.MAX_VALUE ? Long.MAX_VALUE : min, max == Long.MIN_VALUE ? Long.MIN_VALUE : max);
        return new CardinalityStatistics.TsdbStatus(stats, top(byMetric, limit), top(valuesByName, limit), top(bytesByName, limit),
                top(byPair, limit));
    }

    private static List<CardinalityStatistics.Count> top(Map<String, Long> counts, int limit) {
        List<CardinalityStatistics.Count> list = new ArrayList<>(counts.size());
        counts.forEach((name, value) -> list.add(new CardinalityStatistics.Count(name, value)));
        list.sort(Comparator.comparingLong(CardinalityStatistics.Count::value).reversed().thenComparing(CardinalityStatistics.Count::name));
        return limit > 0 && list.size() > limit ? List.copyOf(list.subList(0, limit)) : list;
    }

    /** The ids of series matching every matcher. */
    RoaringBitmap select(List<LabelMatcher> matchers) {
        return postings.select(matchers);
    }

    MemPostingsIndex postings() {
        return postings;
    }

    /**
     * Drops chunks that end before {@code mint} and series left without samples (they have been
     * persisted elsewhere), and raises the minimum valid time to {@code mint}.
     *
     * @return the number of series removed
     */
    public int truncateBefore(long mint) {
        setMinValidTime(mint);
        List<MemSeries> empty = new ArrayList<>();
        for (MemSeries series : byLabels.values()) {
            if (series.truncateBefore(mint)) {
                empty.add(series);
            }
        }
        synchronized (creationLock) {
            for (MemSeries series : empty) {
                // A concurrent append may have revived it between the two steps.
                if (series.maxTime() >= mint) {
                    continue;
                }
                byLabels.remove(series.labels, series);
                byId.set(series.id, null);
                postings.remove(series.id, series.labels);
                exemplars.removeSeries(series.id);
            }
        }
        long newMin = Long.MAX_VALUE;
        for (MemSeries series : byLabels.values()) {
            newMin = Math.min(newMin, series.minTime());
        }
        minTime.set(newMin);
        if (chunkFiles != null) {
            chunkFiles.deleteBefore(mint);
        }
        return empty.size();
    }
}
