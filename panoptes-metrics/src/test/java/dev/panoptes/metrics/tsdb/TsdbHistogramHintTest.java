package dev.panoptes.metrics.tsdb;

import static dev.panoptes.core.histogram.CounterResetHint.COUNTER_RESET;
import static dev.panoptes.core.histogram.CounterResetHint.GAUGE;
import static dev.panoptes.core.histogram.CounterResetHint.NOT_COUNTER_RESET;
import static dev.panoptes.core.histogram.CounterResetHint.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counter-reset hints stored histograms read back with: Prometheus' storage semantics. */
class TsdbHistogramHintTest {

    private static final Labels SERIES = Labels.of("__name__", "rpc_seconds");
    private static final long STEP = 10_000;

    @TempDir
    Path dir;

    /** Schema 0, buckets 0 and 1 with the given counts. */
    private static Histogram counter(long first, long second) {
        return new Histogram().schema(0).count(first + second).sum(first + second)
                .positiveSpans(new Span(0, 2)).positiveBuckets(first, second - first);
    }

    private static void append(Tsdb tsdb, long t, Histogram h) throws Exception {
        Appender app = tsdb.appender();
        app.appendHistogram(0, SERIES, t, h, null);
        app.commit();
    }

    private static void appendFloat(Tsdb tsdb, long t, FloatHistogram h) throws Exception {
        Appender app = tsdb.appender();
        app.appendHistogram(0, SERIES, t, null, h);
        app.commit();
    }

    private static List<CounterResetHint> hints(Tsdb tsdb) {
        List<CounterResetHint> hints = new ArrayList<>();
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", "rpc_seconds")));
            assertThat(set.next()).isTrue();
            SampleIterator it = set.at().iterator(null);
            for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
                hints.add(type == ValueType.HISTOGRAM ? it.atHistogram(null).counterResetHint() : it.atFloatHistogram(null).counterResetHint());
            }
        }
        return hints;
    }

    @Test
    void counterHistogramsReadUnknownWhereAChunkStartsAndNotResetWithinIt() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            append(tsdb, 0, counter(1, 1));
            append(tsdb, STEP, counter(2, 3));
            append(tsdb, 2 * STEP, counter(2, 2)); // a bucket fell: counter reset
            append(tsdb, 3 * STEP, counter(5, 5));
            append(tsdb, 4 * STEP, counter(6, 6).counterResetHint(COUNTER_RESET)); // explicit reset
            append(tsdb, 5 * STEP, counter(7, 7).counterResetHint(NOT_COUNTER_RESET));
            append(tsdb, 6 * STEP, counter(1, 9).counterResetHint(NOT_COUNTER_RESET)); // the counts win over the hint

            assertThat(hints(tsdb)).containsExactly(
                    UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, NOT_COUNTER_RESET, UNKNOWN);
        }
    }

    @Test
    void newBucketsContinueTheChunkWhileASchemaChangeStartsOne() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            append(tsdb, 0, counter(1, 1));
            Histogram wider = new Histogram().schema(0).count(7).sum(7).positiveSpans(new Span(0, 2), new Span(2, 1)).positiveBuckets(2, 0, 3);
            append(tsdb, STEP, wider);
            Histogram coarser = new Histogram().schema(-1).count(8).sum(8).positiveSpans(new Span(0, 2)).positiveBuckets(2, 4);
            append(tsdb, 2 * STEP, coarser);
            append(tsdb, 3 * STEP, coarser.copy().count(9).positiveBuckets(2, 5));

            assertThat(hints(tsdb)).containsExactly(UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, NOT_COUNTER_RESET);
        }
    }

    @Test
    void gaugeHistogramsReadAsGaugesAndSwitchingKindsStartsAChunk() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            append(tsdb, 0, counter(5, 5).counterResetHint(GAUGE));
            append(tsdb, STEP, counter(1, 1).counterResetHint(GAUGE));
            append(tsdb, 2 * STEP, counter(3, 3).counterResetHint(GAUGE));
            append(tsdb, 3 * STEP, counter(4, 4));
            append(tsdb, 4 * STEP, counter(5, 5));
            append(tsdb, 5 * STEP, counter(6, 6).counterResetHint(GAUGE));

            assertThat(hints(tsdb)).containsExactly(GAUGE, GAUGE, GAUGE, UNKNOWN, NOT_COUNTER_RESET, GAUGE);
        }
    }

    @Test
    void floatHistogramsFollowTheSameRules() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            appendFloat(tsdb, 0, counter(1, 1).toFloat());
            appendFloat(tsdb, STEP, counter(2, 2).toFloat().sum(0.5));
            appendFloat(tsdb, 2 * STEP, counter(2, 2).toFloat().count(3.5).positiveBuckets(1.5, 2));
            appendFloat(tsdb, 3 * STEP, counter(2, 2).toFloat().counterResetHint(GAUGE));

            assertThat(hints(tsdb)).containsExactly(UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, GAUGE);
        }
    }

    @Test
    void hintsSurviveARestartAndTheCutIntoBlocks() throws Exception {
        TsdbSettings settings = TsdbSettings.defaults().withBlockDuration(Duration.ofMinutes(10)).withMaxBlockDuration(Duration.ofHours(2));
        List<CounterResetHint> expected = List.of(UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, NOT_COUNTER_RESET, NOT_COUNTER_RESET);
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            append(tsdb, 0, counter(1, 1));
            append(tsdb, STEP, counter(2, 3));
            append(tsdb, 2 * STEP, counter(1, 3));
            append(tsdb, 3 * STEP, counter(2, 4));
            append(tsdb, 4 * STEP, counter(3, 4));
            assertThat(hints(tsdb)).isEqualTo(expected);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            assertThat(hints(tsdb)).as("after replay").isEqualTo(expected);
            // Push the head past one and a half block durations so that [0, 10m) becomes a block.
            append(tsdb, Duration.ofMinutes(25).toMillis(), counter(4, 5));
            assertThat(tsdb.compactHead()).isEqualTo(1);
            List<CounterResetHint> all = hints(tsdb);
            assertThat(all.subList(0, 5)).as("from the block").isEqualTo(expected);
            assertThat(all.get(5)).isEqualTo(UNKNOWN);
        }
    }

    @Test
    void mergingBlocksKeepsTheCutsAtCounterResets() throws Exception {
        TsdbSettings settings = TsdbSettings.defaults().withBlockDuration(Duration.ofMinutes(10)).withMaxBlockDuration(Duration.ofHours(2));
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            long minute = 60_000;
            long count = 1;
            for (int m = 0; m < 60; m++) {
                // A reset at minute 15 and at minute 42.
                count = m == 15 || m == 42 ? 1 : count + 1;
                append(tsdb, m * minute, counter(count, count));
            }
            tsdb.compactHead();
            tsdb.compactBlocks();
            assertThat(tsdb.blocks()).hasSizeLessThan(4);
            List<CounterResetHint> hints = hints(tsdb);
            assertThat(hints.get(15)).isEqualTo(UNKNOWN);
            assertThat(hints.get(16)).isEqualTo(NOT_COUNTER_RESET);
            assertThat(hints.get(42)).isEqualTo(UNKNOWN);
            assertThat(hints.get(43)).isEqualTo(NOT_COUNTER_RESET);
        }
    }
}
