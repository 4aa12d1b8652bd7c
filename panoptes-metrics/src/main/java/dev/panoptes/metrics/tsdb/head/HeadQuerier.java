package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.LabelLists;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.chunk.ChunkList;
import dev.panoptes.metrics.tsdb.chunk.ChunkListIterator;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads the head over {@code [mint, maxt]}: matchers go to the postings index, the matching
 * series are sorted by labels, and each series' chunks are captured only when its iterator is
 * asked for, so a selection of many series does not hold many chunks at once.
 *
 * <p>Not thread-safe; one querier per query.
 */
final class HeadQuerier implements Querier {

    private static final Comparator<MemSeries> BY_LABELS = Comparator.comparing(s -> s.labels);

    private final Head head;
    private final long mint;
    private final long maxt;

    HeadQuerier(Head head, long mint, long maxt) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
    }

    /** The series matching every matcher whose time span overlaps the range, sorted by labels. */
    List<MemSeries> matching(List<LabelMatcher> matchers) {
        RoaringBitmap ids = head.select(matchers);
        List<MemSeries> result = new ArrayList<>(ids.getCardinality());
        PeekableIntIterator it = ids.getIntIterator();
        while (it.hasNext()) {
            MemSeries s = head.series(it.next());
            if (s != null && s.maxTime() >= mint && s.minTime() <= maxt) {
                result.add(s);
            }
        }
        result.sort(BY_LABELS);
        return result;
    }

    @Override
    public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
        List<MemSeries> series = matching(matchers);
        return new SeriesSet() {
            private int i = -1;

            private final ChunkListIterator probe = new ChunkListIterator();
            private HeadSeries current;

            @Override
            public boolean next() {
                while (++i < series.size()) {
                    // A series spanning the range may still have no sample inside it (a gap):
                    // only series with a sample in range are part of the answer.
                    MemSeries s = series.get(i);
                    ChunkList chunks = s.snapshot(mint, maxt);
                    Intervals deleted = s.deleted();
                    OutOfOrderSamples.Slice late = s.outOfOrderSlice(mint, maxt);
                    HeadSeries candidate = new HeadSeries(s.labels, chunks, late, deleted, mint, maxt);
                    if (surelyHasSample(chunks, deleted) || candidate.iterator(probe).next() != ValueType.NONE) {
                        current = candidate;
                        return true;
                    }
                }
                i = series.size();
                return false;
            }

            @Override
            public Series at() {
                return current;
            }
        };
    }

    /**
     * True when a chunk's last sample (at its max time) lies in range and nothing is deleted: then
     * the series has a sample there without decoding a chunk to look, which for a range ending
     * near the newest data would decode most of a chunk to find its first sample in range.
     */
    private boolean surelyHasSample(ChunkList chunks, Intervals deleted) {
        if (!deleted.isEmpty()) {
            return false;
        }
        long[] maxTimes = chunks.maxTimes();
        for (int c = chunks.size() - 1; c >= 0; c--) {
            if (maxTimes[c] >= mint && maxTimes[c] <= maxt) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
        List<String> values = head.postings().labelValues(name, matchers.isEmpty() ? null : ids(matchers));
        return LabelLists.limited(values, limit);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
        List<String> names = head.postings().labelNames(matchers.isEmpty() ? null : ids(matchers));
        return LabelLists.limited(names, limit);
    }

    private RoaringBitmap ids(List<LabelMatcher> matchers) {
        RoaringBitmap ids = new RoaringBitmap();
        ChunkListIterator probe = new ChunkListIterator();
        for (MemSeries s : matching(matchers)) {
            HeadSeries candidate = new HeadSeries(s.labels, s.snapshot(mint, maxt), s.outOfOrderSlice(mint, maxt), s.deleted(), mint, maxt);
            if (candidate.iterator(probe).next() != ValueType.NONE) {
                ids.add(s.id);
            }
        }
        return ids;
    }

    @Override
    public void close() {
    }

    /** One head series as the query sees it: its chunks as captured when the selection reached it. */
    record HeadSeries(Labels labels, ChunkList chunks, OutOfOrderSamples.Slice late, Intervals deleted, long mint, long maxt)
            implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (!late.isEmpty()) {
                return new OutOfOrderMergeIterator(new ChunkListIterator().reset(chunks, mint, maxt, deleted), late, deleted);
            }
            ChunkListIterator it = reuse instanceof ChunkListIterator h ? h : new ChunkListIterator();
            return it.reset(chunks, mint, maxt, deleted);
        }
    }
}
