package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.StreamScan;
import dev.panoptes.logs.store.StreamCursor;
import dev.panoptes.logs.store.ScanRequest;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.metrics.promql.StepSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Evaluates one range aggregation over the steps of a query: reads the selected streams once over
 * the whole span the windows cover, runs every entry through the pipeline (and the unwrap) into
 * per-series samples ({@link SeriesSamples}), then slides the window
 * {@code (t - offset - range, t - offset]} (Loki's bounds: the start excluded, the end included)
 * over the steps. A series has a point at a step only when its window holds a sample;
 * {@code absent_over_time} instead has one at the steps where no series has one.
 *
 * <p>Series labels are the entry's labels after the pipeline; with an unwrap, without the unwrapped
 * label, and reduced by the aggregation's {@code by}/{@code without}; an entry carrying
 * {@code __error__} keeps all its labels, so that the error is reported rather than grouped away.
 *
 * <p>A counting aggregation ({@code count_over_time}, {@code rate}, {@code bytes_*},
 * {@code absent_over_time}) has its streams read by the query's {@link QueryWorkers}, each reader
 * into series of its own that are added up at the end; the rest are read on the calling thread.
 * Not thread-safe otherwise; one per query.
 */
final class RangeAggregationEvaluator {

    static final String ERROR_LABEL = "__error__";
    static final String ERROR_DETAILS_LABEL = "__error_details__";
    static final String SAMPLE_EXTRACTION_ERROR = "SampleExtractionErr";

    private final LogReader reader;
    private final ReadCheck check;
    private final Statistics statistics;
    private final QueryWorkers workers;

    /** What the query read, summed over its range aggregations. */
    static final class Statistics {
        long linesProcessed;
        long bytesProcessed;
        long postFilterLines;

        void add(Statistics other) {
            linesProcessed += other.linesProcessed;
            bytesProcessed += other.bytesProcessed;
            postFilterLines += other.postFilterLines;
        }
    }

    RangeAggregationEvaluator(LogReader reader, ReadCheck check, Statistics statistics, QueryWorkers workers) {
        this.reader = reader;
        this.check = check;
        this.statistics = statistics;
        this.workers = workers;
    }

    /**
     * The aggregation at the steps {@code start, start + step, ..., end} (nanoseconds); the
     * returned series' times are the steps.
     */
    List<StepSeries> evaluate(RangeAggregationExpr expr, long start, long end, long step) {
        return evaluate(expr, expr.grouping(), start, end, step);
    }

    /**
     * As {@link #evaluate(RangeAggregationExpr, long, long, long)}, with {@code grouping} in place
     * of the expression's own (null for none): how {@code sum by (a) (count_over_time(...))} is
     * evaluated without a series per distinct label set, which also lets the parser extract only
     * the labels grouped by and filtered on.
     */
    List<StepSeries> evaluate(RangeAggregationExpr expr, Grouping grouping, long start, long end, long step) {
        LogRange range = expr.range();
        long rangeNanos = range.range().toNanos();
        long offset = range.offset().toNanos();
        boolean absent = expr.op() == RangeAggregationExpr.Op.ABSENT_OVER_TIME;
        int steps = (int) ((end - start) / step) + 1;
        SeriesSamples.Grid grid = SeriesSamples.gridFor(expr.op(), range.unwrap() != null, start, step, steps, rangeNanos, offset);
        Map<Labels, SeriesSamples> series = read(expr, grouping, start - offset - rangeNanos + 1, end - offset, grid);
        List<StepSeries> out = new ArrayList<>(series.size());
        boolean[] present = absent ? new boolean[steps] : null;
        double parameter = expr.parameter() == null ? 0 : expr.parameter();
        // In label order, so that the series a pipeline error names is the same on every run.
        List<Map.Entry<Labels, SeriesSamples>> ordered = new ArrayList<>(series.entrySet());
        ordered.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Labels, SeriesSamples> e : ordered) {
            SeriesSamples.Points points = e.getValue().evaluate(expr.op(), parameter, start, step, steps, offset, rangeNanos, present);
            if (points != null) {
                MetricQueryEngine.checkNoError(e.getKey());
                out.add(new StepSeries(e.getKey(), points.times(), points.values()));
            }
        }
        if (absent) {
            return absentSeries(range.logs().selector(), present, start, step);
        }
        return out;
    }

    private static List<StepSeries> absentSeries(StreamSelector selector, boolean[] present, long start, long step) {
        int missing = 0;
        for (boolean p : present) {
            missing += p ? 0 : 1;
        }
        if (missing == 0) {
            return List.of();
        }
        long[] times = new long[missing];
        double[] values = new double[missing];
        int n = 0;
        for (int k = 0; k < present.length; k++) {
            if (!present[k]) {
                times[n] = start + k * step;
                values[n++] = 1;
            }
        }
        return List.of(new StepSeries(absentLabels(selector), times, values));
    }

    /** The labels of {@code absent_over_time}'s series: the selector's equality matchers on names matched only once. */
    static Labels absentLabels(StreamSelector selector) {
        Labels.Builder labels = Labels.builder();
        Set<String> dropped = new HashSet<>();
        for (LabelMatcher m : selector.matchers()) {
            if (m.type() == MatchType.EQUAL && labels.get(m.name()) == null) {
                labels.set(m.name(), m.value());
            } else {
                dropped.add(m.name());
            }
        }
        for (String name : dropped) {
            labels.remove(name);
        }
        return labels.build();
    }

    private Map<Labels, SeriesSamples> read(RangeAggregationExpr expr, Grouping grouping, long from, long to, SeriesSamples.Grid grid) {
        LogRange range = expr.range();
        PushedDownFilters split = PushedDownFilters.of(range.logs().pipeline());
        Unwrap unwrap = range.unwrap();
        Set<String> resultLabels = resultLabels(grouping, unwrap);
        SeriesLabels seriesLabels = new SeriesLabels(grouping, unwrap);
        boolean countsBytes = expr.op() == RangeAggregationExpr.Op.BYTES_OVER_TIME || expr.op() == RangeAggregationExpr.Op.BYTES_RATE;
        Supplier<Reading> newReading = () -> new Reading(LogPipeline.compile(split.rest(), resultLabels),
                unwrap == null || unwrap.postFilters().isEmpty() ? null : compilePostFilters(unwrap));
        if (to < from) {
            return new HashMap<>();
        }
        // Streamed chunk by chunk: only the samples are kept, never the entries.
        try (StreamScan scan = reader.scan(new ScanRequest(range.logs().selector().matchers(), from, to, split.conditions(), false, check, split.labelEqualities()))) {
            // Counting aggregations add whole numbers into buckets, the same in any order, so their
            // streams may be read by several threads; the others keep one reading order, so that
            // ties and float sums come out the same on every run.
            QueryWorkers readers = grid != null && unwrap == null ? workers : QueryWorkers.none();
            List<Reading> readings = readers.readAll(scan.streams(), newReading,
                    (reading, stream) -> readStream(stream, reading, unwrap, seriesLabels, countsBytes, grid));
            Reading first = readings.get(0);
            for (int i = 1; i < readings.size(); i++) {
                Reading other = readings.get(i);
                first.statistics.add(other.statistics);
                for (Map.Entry<Labels, SeriesSamples> e : other.series.entrySet()) {
                    first.series.merge(e.getKey(), e.getValue(), (a, b) -> {
                        a.addAll(b);
                        return a;
                    });
                }
            }
            statistics.add(first.statistics);
            return first.series;
        }
    }

    /** One reader's compiled pipeline, series and counts. */
    private static final class Reading {
        final LogPipeline pipeline;
        final LogPipeline postFilters;
        final Map<Labels, SeriesSamples> series = new HashMap<>();
        final Statistics statistics = new Statistics();

        Reading(LogPipeline pipeline, LogPipeline postFilters) {
            this.pipeline = pipeline;
            this.postFilters = postFilters;
        }
    }

    /** Turns one stream's entries into samples of their series. */
    private void readStream(StreamCursor stream, Reading reading, Unwrap unwrap, SeriesLabels seriesLabels, boolean countsBytes,
                            SeriesSamples.Grid grid) {
        LogPipeline pipeline = reading.pipeline;
        LogPipeline postFilters = reading.postFilters;
        Map<Labels, SeriesSamples> series = reading.series;
        Statistics statistics = reading.statistics;
        Labels lastLabels = null;
        SeriesSamples lastSeries = null;
        boolean storedBytes = pipeline.readsStoredBytes();
        GroupedSeries grouped = unwrap == null && seriesLabels.keep != null ? new GroupedSeries(seriesLabels.keep, series, grid, countsBytes) : null;
        while (stream.next()) {
            if ((++statistics.linesProcessed & (LogQueryEngine.CHECK_EVERY - 1)) == 0) {
                check.check();
            }
            int lineBytes = stream.lineBytes();
            statistics.bytesProcessed += lineBytes;
            long t = stream.time();
            String payloadText = storedBytes ? stream.payloadText() : null;
            boolean kept = payloadText != null
                    ? pipeline.process(t, payloadText, stream.payload(), stream.lineStart(), lineBytes, stream.labels(), stream.metadata())
                    : pipeline.process(t, stream.line(), stream.labels(), stream.metadata());
            if (!kept) {
                continue;
            }
            if (grouped != null && !pipeline.hasError()) {
                // Keyed by the grouped values alone: no label set is built for the line.
                statistics.postFilterLines++;
                grouped.of(pipeline).add(t, countsBytes ? pipeline.lineBytes() : 1);
                continue;
            }
            Labels labels = pipeline.labels();
            double value;
            if (unwrap == null) {
                value = countsBytes ? pipeline.lineBytes() : 1;
            } else {
                String text = labels.get(unwrap.label());
                if (text == null || text.isEmpty()) {
                    continue;
                }
                try {
                    value = UnwrapConversion.convert(unwrap.conversion(), text);
                } catch (UnwrapConversion.NotANumberException e) {
                    value = 0;
                    labels = labels.toBuilder().set(ERROR_LABEL, SAMPLE_EXTRACTION_ERROR).set(ERROR_DETAILS_LABEL, e.getMessage()).build();
                }
                if (postFilters != null) {
                    if (!postFilters.process(t, pipeline.line(), labels, Labels.empty())) {
                        continue;
                    }
                    labels = postFilters.labels();
                }
            }
            statistics.postFilterLines++;
            // Entries of one stream mostly keep the stream's own label set: reuse its series then.
            if (labels != lastLabels) {
                Labels key = seriesLabels.of(labels);
                lastSeries = series.computeIfAbsent(key, k -> new SeriesSamples(grid, countsBytes));
                lastLabels = labels;
            }
            lastSeries.add(t, value);
        }
    }

    /** The labels read from the pipeline's result: with a {@code by} grouping, those and what the unwrap reads; else all (null). */
    private static Set<String> resultLabels(Grouping grouping, Unwrap unwrap) {
        if (grouping == null || grouping.without()) {
            return null;
        }
        Set<String> names = new HashSet<>(grouping.labels());
        if (unwrap != null) {
            names.add(unwrap.label());
            for (LabelFilter filter : unwrap.postFilters()) {
                ParserHints.collect(filter, names);
            }
        }
        return names;
    }

    private static LogPipeline compilePostFilters(Unwrap unwrap) {
        List<PipelineStage> stages = new ArrayList<>(unwrap.postFilters().size());
        for (LabelFilter filter : unwrap.postFilters()) {
            stages.add(new PipelineStage.LabelFilterStage(filter));
        }
        return LogPipeline.compile(stages);
    }

    /** How an entry's labels become its series' labels. */
    private static final class SeriesLabels {
        private final List<String> keep;
        private final List<String> drop;

        SeriesLabels(Grouping grouping, Unwrap unwrap) {
            if (grouping != null && !grouping.without()) {
                keep = grouping.labels();
                drop = null;
            } else {
                keep = null;
                List<String> names = new ArrayList<>(grouping == null ? List.of() : grouping.labels());
                if (unwrap != null) {
                    names.add(unwrap.label());
                }
                drop = names;
            }
        }

        Labels of(Labels labels) {
            if (labels.has(ERROR_LABEL)) {
                return labels;
            }
            if (keep != null) {
                return labels.keepOnly(keep);
            }
            return drop.isEmpty() ? labels : labels.without(drop);
        }
    }

    /**
     * The series of a {@code by} grouping found from the grouped labels' values in the pipeline's
     * result, so that a line adds its sample without a label set or a String being built: the
     * values are hashed and compared where they are (often slices of the line), and Strings are
     * made only for a group seen for the first time. The last group found is tried first.
     */
    private static final class GroupedSeries {
        private final String[] names;
        private final Map<Labels, SeriesSamples> series;
        private final SeriesSamples.Grid grid;
        private final boolean countsBytes;
        /** Per name, its slot in the current line's result labels. */
        private final int[] slots;
        /** Open addressing with linear probing, at most half full. */
        private Group[] table = new Group[16];
        private int groups;
        private Group last;

        private record Group(int hash, String[] values, boolean[] ascii, SeriesSamples samples) {
        }

        GroupedSeries(List<String> names, Map<Labels, SeriesSamples> series, SeriesSamples.Grid grid, boolean countsBytes) {
            this.names = new String[names.size()];
            for (int i = 0; i < this.names.length; i++) {
                // Interned as the parsers' names are, so that the lookups find them by identity.
                this.names[i] = names.get(i).intern();
            }
            this.series = series;
            this.grid = grid;
            this.countsBytes = countsBytes;
            this.slots = new int[this.names.length];
            Arrays.fill(slots, -1);
        }

        SeriesSamples of(LogPipeline pipeline) {
            for (int i = 0; i < names.length; i++) {
                slots[i] = pipeline.resultSlot(names[i], slots[i]);
            }
            if (last != null && holds(last, pipeline)) {
                return last.samples();
            }
            int hash = 1;
            for (int i = 0; i < names.length; i++) {
                hash = 31 * hash + pipeline.resultValueHashAt(slots[i], names[i]);
            }
            int mask = table.length - 1;
            int at = mix(hash) & mask;
            for (Group g = table[at]; g != null; at = (at + 1) & mask, g = table[at]) {
                if (g.hash() == hash && holds(g, pipeline)) {
                    last = g;
                    return g.samples();
                }
            }
            String[] values = new String[names.length];
            boolean[] ascii = new boolean[names.length];
            Labels.Builder labels = Labels.builder();
            for (int i = 0; i < names.length; i++) {
                values[i] = pipeline.resultValueAt(slots[i], names[i]);
                ascii[i] = PipelineLabels.isAscii(values[i]);
                labels.set(names[i], values[i]);
            }
            Group g = new Group(hash, values, ascii, series.computeIfAbsent(labels.build(), k -> new SeriesSamples(grid, countsBytes)));
            table[at] = g;
            if (++groups * 2 > table.length) {
                grow();
            }
            last = g;
            return g.samples();
        }

        private boolean holds(Group g, LogPipeline pipeline) {
            String[] values = g.values();
            boolean[] ascii = g.ascii();
            for (int i = 0; i < names.length; i++) {
                if (!pipeline.resultValueEqualsAt(slots[i], names[i], values[i], ascii[i])) {
                    return false;
                }
            }
            return true;
        }

        private void grow() {
            Group[] old = table;
            table = new Group[old.length * 2];
            int mask = table.length - 1;
            for (Group g : old) {
                if (g != null) {
                    int at = mix(g.hash()) & mask;
                    while (table[at] != null) {
                        at = (at + 1) & mask;
                    }
                    table[at] = g;
                }
            }
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }
    }
}
