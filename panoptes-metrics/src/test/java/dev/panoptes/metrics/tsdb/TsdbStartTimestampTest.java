package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start timestamps go wherever samples go: through the log and its replay, into head chunks,
 * into blocks when the head is cut, through block merges and checkpoints, and back out of every
 * querier; series without them read 0.
 */
class TsdbStartTimestampTest {

    private static final long MINUTE = 60_000;
    private static final TsdbSettings SETTINGS = TsdbSettings.defaults()
            .withBlockDuration(Duration.ofMinutes(10))
            .withMaxBlockDuration(Duration.ofHours(2));
    private static final Labels CUMULATIVE = Labels.of("__name__", "requests_total", "kind", "cumulative");
    private static final Labels DELTA = Labels.of("__name__", "requests_total", "kind", "delta");
    private static final Labels PLAIN = Labels.of("__name__", "requests_total", "kind", "plain");
    private static final Labels LATE = Labels.of("__name__", "requests_total", "kind", "late");
    private static final Labels HISTOGRAMS = Labels.of("__name__", "rpc_seconds", "kind", "cumulative");

    @TempDir
    Path dir;

    /**
     * The start each series gives its sample at minute {@code m}: a cumulative counter restarting
     * every 40 minutes, a delta series starting where its last sample was, none, and one that
     * gains start timestamps at minute 25.
     */
    private static long expectedStart(Labels series, long m) {
        if (series == CUMULATIVE || series == HISTOGRAMS) {
            return (m / 40) * 40 * MINUTE + 1;
        }
        if (series == DELTA) {
            return (m - 1) * MINUTE;
        }
        if (series == LATE) {
            return m >= 25 ? m * MINUTE - 1 : 0;
        }
        return 0;
    }

    private static void write(Tsdb tsdb, int from, int to) throws Exception {
        for (int m = from; m < to; m++) {
            Appender app = tsdb.appender();
            long t = m * MINUTE;
            for (Labels series : List.of(CUMULATIVE, DELTA, PLAIN, LATE)) {
                app.append(0, series, expectedStart(series, m), t, m);
            }
            Histogram h = new Histogram().count(m).sum(m);
            app.appendHistogram(0, HISTOGRAMS, expectedStart(HISTOGRAMS, m), t, h, null);
            app.commit();
        }
    }

    /** Checks every sample of every series; returns how many were read. */
    private static int check(Tsdb tsdb) {
        int read = 0;
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.regex("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                Labels labels = set.at().labels();
                Labels series = List.of(CUMULATIVE, DELTA, PLAIN, LATE, HISTOGRAMS).stream().filter(labels::equals).findFirst().orElseThrow();
                it = set.at().iterator(it);
                for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
                    long m = it.atT() / MINUTE;
                    assertThat(it.atStartTimestamp()).as("%s at minute %d", labels, m).isEqualTo(expectedStart(series, m));
                    read++;
                }
            }
            assertThat(set.warnings()).isEmpty();
        }
        return read;
    }

    @Test
    void startTimestampsSurviveARestartFromTheLog() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 1, 8);
            assertThat(check(tsdb)).isEqualTo(5 * 7);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(tsdb.blocks()).isEmpty();
            assertThat(check(tsdb)).isEqualTo(5 * 7);
        }
    }

    @Test
    void startTimestampsSurviveBlocksMergesCheckpointsAndRestarts() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 1, 150);
            tsdb.maintain();
            List<BlockMeta> blocks = tsdb.blocks();
            assertThat(blocks).isNotEmpty();
            assertThat(blocks.getFirst().level()).as("merged blocks").isGreaterThan(1);
            assertThat(check(tsdb)).isEqualTo(5 * 149);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(check(tsdb)).isEqualTo(5 * 149);
            write(tsdb, 150, 160);
            assertThat(check(tsdb)).isEqualTo(5 * 159);
        }
    }

    @Test
    void outOfOrderSamplesKeepTheirStartTimestamps() throws Exception {
        TsdbSettings settings = SETTINGS.withOutOfOrderTimeWindow(Duration.ofMinutes(30));
        Labels series = Labels.of("__name__", "late_total");
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            Appender app = tsdb.appender();
            app.append(0, series, 5, 20 * MINUTE, 2);
            app.commit();
            app = tsdb.appender();
            app.append(0, series, 3, 10 * MINUTE, 1);
            app.append(0, series, 0, 15 * MINUTE, 1.5);
            app.commit();
            assertThat(starts(tsdb, series)).containsExactly(3L, 0L, 5L);
            tsdb.compactHead();
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            assertThat(starts(tsdb, series)).containsExactly(3L, 0L, 5L);
        }
    }

    private static List<Long> starts(Tsdb tsdb, Labels series) {
        List<Long> starts = new ArrayList<>();
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", series.metricName())));
            assertThat(set.next()).isTrue();
            SampleIterator it = set.at().iterator(null);
            while (it.next() != ValueType.NONE) {
                starts.add(it.atStartTimestamp());
            }
        }
        return starts;
    }
}
