package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.LabelLists;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Reads several queriers as one: blocks in time order, then the head. Label-ordered selections
 * are merged; a series present in several sources is read source after source, and a sample not
 * newer than the last one returned is skipped, so ranges that overlap (a block and the head it
 * was cut from, for a moment) never repeat or reorder samples.
 *
 * <p>Not thread-safe; one querier per query.
 */
final class MergeQuerier implements Querier {

    private final List<Querier> sources;

    MergeQuerier(List<Querier> sources) {
        this.sources = sources;
    }

    @Override
    public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
        List<SeriesSet> sets = new ArrayList<>(sources.size());
        for (Querier q : sources) {
            sets.add(q.select(hints, matchers));
        }
        return new MergedSeriesSet(sets);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
        TreeSet<String> values = new TreeSet<>();
        for (Querier q : sources) {
            values.addAll(q.labelValues(name, matchers, 0));
        }
        return LabelLists.limited(values, limit);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
        TreeSet<String> names = new TreeSet<>();
        for (Querier q : sources) {
            names.addAll(q.labelNames(matchers, 0));
        }
        return LabelLists.limited(names, limit);
    }

    @Override
    public void close() {
        for (Querier q : sources) {
            q.close();
        }
    }

    /** A k-way merge of label-ordered series sets. */
    private static final class MergedSeriesSet implements SeriesSet {
        private record Head(int source, SeriesSet set) {
        }

        private final List<SeriesSet> sets;
        private final PriorityQueue<Head> queue = new PriorityQueue<>((a, b) -> {
            int c = a.set.at().labels().compareTo(b.set.at().labels());
            return c != 0 ? c : Integer.compare(a.source, b.source);
        });
        private boolean started;
        private Series current;

        MergedSeriesSet(List<SeriesSet> sets) {
            this.sets = sets;
        }

        @Override
        public boolean next() {
            if (!started) {
                started = true;
                for (int i = 0; i < sets.size(); i++) {
                    if (sets.get(i).next()) {
                        queue.add(new Head(i, sets.get(i)));
                    }
                }
            }
            Head first = queue.poll();
            if (first == null) {
                current = null;
                return false;
            }
            Labels labels = first.set.at().labels();
            List<Series> same = new ArrayList<>(2);
            same.add(first.set.at());
            List<Head> advance = new ArrayList<>(2);
            advance.add(first);
            while (!queue.isEmpty() && queue.peek().set.at().labels().equals(labels)) {
                Head next = queue.poll();
                same.add(next.set.at());
                advance.add(next);
            }
            current = same.size() == 1 ? same.get(0) : new ChainedSeries(labels, same);
            for (Head h : advance) {
                if (h.set.next()) {
                    queue.add(h);
                }
            }
            return true;
        }

        @Override
        public Series at() {
            return current;
        }

        @Override
        public List<String> warnings() {
            List<String> all = new ArrayList<>();
            for (SeriesSet set : sets) {
                all.addAll(set.warnings());
            }
            return all;
        }
    }

    /** One series whose samples come from several sources in time order. */
    private record ChainedSeries(Labels labels, List<Series> parts) implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            List<SampleIterator> its = new ArrayList<>(parts.size());
            for (Series part : parts) {
                its.add(part.iterator(null));
            }
            return new ChainedIterator(its);
        }
    }

    /** Reads iterators one after another, skipping samples not newer than the last returned. */
    private static final class ChainedIterator implements SampleIterator {
        private final List<SampleIterator> its;
        private int index;
        private boolean hasCurrent;
        private long currentT;
        private ValueType type = null;

        ChainedIterator(List<SampleIterator> its) {
            this.its = its;
        }

        @Override
        public ValueType next() {
            if (type == ValueType.NONE) {
                return type;
            }
            while (index < its.size()) {
                SampleIterator it = its.get(index);
                ValueType vt = it.next();
                if (vt == ValueType.NONE) {
                    index++;
                    continue;
                }
                if (hasCurrent && it.atT() <= currentT) {
                    continue;
                }
                return found(it, vt);
            }
            return type = ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            if (type == ValueType.NONE) {
                return type;
            }
            if (hasCurrent && currentT >= t) {
                return type;
            }
            long target = hasCurrent ? Math.max(t, currentT + 1) : t;
            while (index < its.size()) {
                SampleIterator it = its.get(index);
                ValueType vt = it.seek(target);
                if (vt == ValueType.NONE) {
                    index++;
                    continue;
                }
                return found(it, vt);
            }
            return type = ValueType.NONE;
        }

        private ValueType found(SampleIterator it, ValueType vt) {
            hasCurrent = true;
            currentT = it.atT();
            return type = vt;
        }

        @Override
        public long atT() {
            return currentT;
        }

        @Override
        public long atStartTimestamp() {
            return its.get(index).atStartTimestamp();
        }

        @Override
        public double atFloat() {
            return its.get(index).atFloat();
        }

        @Override
        public Histogram atHistogram(Histogram reuse) {
            return its.get(index).atHistogram(reuse);
        }

        @Override
        public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
            return its.get(index).atFloatHistogram(reuse);
        }
    }
}
