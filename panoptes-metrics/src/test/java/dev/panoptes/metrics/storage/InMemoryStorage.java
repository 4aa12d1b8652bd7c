package dev.panoptes.metrics.storage;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plainest correct {@link Storage}: every sample an object in a sorted map, no encoding, no
 * index, no durability. It is the model that property tests check the TSDB against, and the
 * stand-in storage for tests of components that only need the interface. Its rules are
 * Prometheus' in-order rules: a sample older than its series' newest is out of order, one at the
 * same timestamp with a different value is a duplicate, an identical repeat is accepted and
 * ignored. Thread-safe by locking; not for large data.
 */
public final class InMemoryStorage implements Storage {

    /** One stored sample: a float or a histogram (kept as a float histogram), with its start timestamp (0 for none). */
    public record Sample(long t, double value, FloatHistogram histogram, long startTimestamp) {
        public Sample(long t, double value, FloatHistogram histogram) {
            this(t, value, histogram, 0);
        }

        public boolean isHistogram() {
            return histogram != null;
        }
    }

    private final NavigableMap<Labels, TreeMap<Long, Sample>> series = new TreeMap<>();
    private final Map<Labels, List<Exemplar>> exemplars = new LinkedHashMap<>();
    private final Map<String, List<MetricMetadata>> metadata = new TreeMap<>();

    /** A snapshot of every series and its samples, for assertions. */
    public synchronized Map<Labels, List<Sample>> dump() {
        Map<Labels, List<Sample>> copy = new TreeMap<>();
        series.forEach((labels, samples) -> copy.put(labels, List.copyOf(samples.values())));
        return copy;
    }

    @Override
    public synchronized Querier querier(long mint, long maxt) {
        return new InMemoryQuerier(dump(), mint, maxt);
    }

    @Override
    public Appender appender() {
        return new InMemoryAppender();
    }

    @Override
    public synchronized List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets) {
        List<SeriesExemplars> result = new ArrayList<>();
        exemplars.forEach((labels, list) -> {
            if (matcherSets.stream().anyMatch(set -> matchesAll(labels, set))) {
                List<Exemplar> inRange = list.stream().filter(e -> e.timestampMs() >= start && e.timestampMs() <= end).toList();
                if (!inRange.isEmpty()) {
                    result.add(new SeriesExemplars(labels, inRange));
                }
            }
        });
        return result;
    }

    @Override
    public synchronized Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        Map<String, List<MetricMetadata>> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<MetricMetadata>> entry : metadata.entrySet()) {
            if (metric != null && !metric.isEmpty() && !metric.equals(entry.getKey())) {
                continue;
            }
            if (limit > 0 && result.size() >= limit) {
                break;
            }
            List<MetricMetadata> list = entry.getValue();
            result.put(entry.getKey(), limitPerMetric > 0 && list.size() > limitPerMetric ? list.subList(0, limitPerMetric) : list);
        }
        return result;
    }

    static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels.get(matcher.name()))) {
                return false;
            }
        }
        return true;
    }

    private synchronized void apply(List<Runnable> writes) {
        writes.forEach(Runnable::run);
    }

    private synchronized void check(Labels labels, long t, double value, FloatHistogram histogram, List<Sample> pending)
            throws SampleRejectedException {
        if (labels.isEmpty()) {
            throw SampleRejectedException.of(SampleRejectedException.Reason.INVALID_LABELS);
        }
        TreeMap<Long, Sample> stored = series.get(labels);
        Sample newest = stored == null || stored.isEmpty() ? null : stored.lastEntry().getValue();
        for (Sample p : pending) {
            if (newest == null || p.t() >= newest.t()) {
                newest = p;
            }
        }
        if (newest == null || t > newest.t()) {
            return;
        }
        if (t < newest.t()) {
            throw SampleRejectedException.of(SampleRejectedException.Reason.OUT_OF_ORDER);
        }
        boolean same = histogram == null
                ? newest.histogram() == null && Double.doubleToRawLongBits(newest.value()) == Double.doubleToRawLongBits(value)
                : histogram.equals(newest.histogram());
        if (!same) {
            throw SampleRejectedException.of(SampleRejectedException.Reason.DUPLICATE_TIMESTAMP);
        }
    }

    private final class InMemoryAppender implements Appender {
        private final List<Runnable> writes = new ArrayList<>();
        private final Map<Labels, List<Sample>> pending = new LinkedHashMap<>();

        @Override
        public long append(long ref, Labels labels, long startTimestampMs, long timestampMs, double value) throws SampleRejectedException {
            return add(labels, new Sample(timestampMs, value, null, startTimestampMs));
        }

        @Override
        public long appendHistogram(long ref, Labels labels, long startTimestampMs, long timestampMs, Histogram histogram,
                                    FloatHistogram floatHistogram) throws SampleRejectedException {
            FloatHistogram copy = histogram != null ? histogram.toFloat() : floatHistogram.copy();
            return add(labels, new Sample(timestampMs, 0, copy, startTimestampMs));
        }

        private long add(Labels labels, Sample sample) throws SampleRejectedException {
            List<Sample> samples = pending.computeIfAbsent(labels, l -> new ArrayList<>());
            check(labels, sample.t(), sample.value(), sample.histogram(), samples);
            samples.add(sample);
            // An identical repeat is ignored: the first sample (and its start timestamp) stays.
            writes.add(() -> series.computeIfAbsent(labels, l -> new TreeMap<>()).putIfAbsent(sample.t(), sample));
            return 0;
        }

        @Override
        public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
            writes.add(() -> exemplars.computeIfAbsent(labels, l -> new ArrayList<>()).add(exemplar));
            return 0;
        }

        @Override
        public long updateMetadata(long ref, Labels labels, MetricMetadata entry) {
            writes.add(() -> {
                List<MetricMetadata> list = metadata.computeIfAbsent(labels.metricName(), m -> new ArrayList<>());
                if (!list.contains(entry)) {
                    list.add(entry);
                }
            });
            return 0;
        }

        @Override
        public void commit() {
            apply(writes);
            writes.clear();
            pending.clear();
        }

        @Override
        public void rollback() {
            writes.clear();
            pending.clear();
        }
    }

    private static final class InMemoryQuerier implements Querier {
        private final Map<Labels, List<Sample>> snapshot;
        private final long mint;
        private final long maxt;

        InMemoryQuerier(Map<Labels, List<Sample>> snapshot, long mint, long maxt) {
            this.snapshot = snapshot;
            this.mint = mint;
            this.maxt = maxt;
        }

        private List<Map.Entry<Labels, List<Sample>>> matching(List<LabelMatcher> matchers) {
            List<Map.Entry<Labels, List<Sample>>> result = new ArrayList<>();
            for (Map.Entry<Labels, List<Sample>> entry : snapshot.entrySet()) {
                if (!matchesAll(entry.getKey(), matchers)) {
                    continue;
                }
                List<Sample> inRange = entry.getValue().stream().filter(s -> s.t() >= mint && s.t() <= maxt).toList();
                if (!inRange.isEmpty()) {
                    result.add(Map.entry(entry.getKey(), inRange));
                }
            }
            return result;
        }

        @Override
        public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
            Iterator<Map.Entry<Labels, List<Sample>>> it = matching(matchers).iterator();
            return new SeriesSet() {
                private Series current;

                @Override
                public boolean next() {
                    if (!it.hasNext()) {
                        return false;
                    }
                    Map.Entry<Labels, List<Sample>> entry = it.next();
                    current = new Series() {
                        @Override
                        public Labels labels() {
                            return entry.getKey();
                        }

                        @Override
                        public SampleIterator iterator(SampleIterator reuse) {
                            return new ListIterator(entry.getValue());
                        }
                    };
                    return true;
                }

                @Override
                public Series at() {
                    return current;
                }
            };
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
            TreeSet<String> values = new TreeSet<>();
            for (Map.Entry<Labels, List<Sample>> entry : matching(matchers)) {
                String value = entry.getKey().get(name);
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
            return LabelLists.limited(values, limit);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
            TreeSet<String> names = new TreeSet<>();
            for (Map.Entry<Labels, List<Sample>> entry : matching(matchers)) {
                for (int i = 0; i < entry.getKey().size(); i++) {
                    names.add(entry.getKey().name(i));
                }
            }
            return LabelLists.limited(names, limit);
        }

        @Override
        public void close() {
        }
    }

    /** Iterates a list of samples. */
    private static final class ListIterator implements SampleIterator {
        private final List<Sample> samples;
        private int i = -1;

        ListIterator(List<Sample> samples) {
            this.samples = samples;
        }

        private ValueType type() {
            if (i >= samples.size()) {
                return ValueType.NONE;
            }
            return samples.get(i).isHistogram() ? ValueType.FLOAT_HISTOGRAM : ValueType.FLOAT;
        }

        @Override
        public ValueType next() {
            if (i < samples.size()) {
                i++;
            }
            return type();
        }

        @Override
        public ValueType seek(long t) {
            if (i < 0) {
                i = 0;
            }
            while (i < samples.size() && samples.get(i).t() < t) {
                i++;
            }
            return type();
        }

        @Override
        public long atT() {
            return samples.get(i).t();
        }

        @Override
        public long atStartTimestamp() {
            return samples.get(i).startTimestamp();
        }

        @Override
        public double atFloat() {
            return samples.get(i).value();
        }

        @Override
        public Histogram atHistogram(Histogram reuse) {
            throw new IllegalStateException("the in-memory storage keeps histograms as float histograms");
        }

        @Override
        public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
            FloatHistogram h = samples.get(i).histogram();
            return reuse == null ? h.copy() : h.copyTo(reuse);
        }
    }
}
