package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.chunk.HistogramChunkTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories of appends (in order, out of order, duplicates, with and without start
 * timestamps), commits, rollbacks and restarts, applied to the database and to the plain
 * in-memory model: every append must be accepted or rejected alike, and every query must answer
 * alike, start timestamps included. A failing seed replays exactly.
 */
class TsdbModelTest {

    @TempDir
    Path dir;

    private static final String[] JOBS = {"api", "db", "node", "cache"};
    private static final String[] INSTANCES = {"a", "b", "c", "d", "e"};
    private static final String[] NAMES = {"up", "requests_total", "latency_seconds", "native_seconds"};

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55, 66})
    void behavesLikeTheModel(long seed) throws Exception {
        Random random = new Random(seed);
        InMemoryStorage model = new InMemoryStorage();
        Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults().withBlockDuration(java.time.Duration.ofMinutes(2)));
        long[] newest = new long[64];
        try {
            for (int step = 0; step < 400; step++) {
                int action = random.nextInt(100);
                if (action < 3) {
                    tsdb.close();
                    tsdb = TestTsdbs.open(dir, TsdbSettings.defaults().withBlockDuration(java.time.Duration.ofMinutes(2)));
                } else if (action < 6) {
                    tsdb.compactHead();
                } else if (action < 20) {
                    compareQueries(random, model, tsdb);
                } else {
                    appendBatch(random, model, tsdb, newest, action < 25);
                }
            }
            tsdb.close();
            tsdb = TestTsdbs.open(dir, TsdbSettings.defaults().withBlockDuration(java.time.Duration.ofMinutes(2)));
            for (int i = 0; i < 20; i++) {
                compareQueries(random, model, tsdb);
            }
            // The history must have exercised blocks, not only the head.
            assertThat(tsdb.blocks()).as("blocks cut").isNotEmpty();
        } finally {
            tsdb.close();
        }
    }

    private static Labels randomSeries(Random random) {
        return Labels.of("__name__", NAMES[random.nextInt(NAMES.length)], "job", JOBS[random.nextInt(JOBS.length)],
                "instance", INSTANCES[random.nextInt(INSTANCES.length)]);
    }

    private static void appendBatch(Random random, InMemoryStorage model, Tsdb tsdb, long[] newest, boolean rollback) throws Exception {
        Appender modelApp = model.appender();
        Appender app = tsdb.appender();
        int n = 1 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            Labels labels = randomSeries(random);
            int slot = Math.floorMod(labels.hashCode(), newest.length);
            long t = switch (random.nextInt(10)) {
                case 0 -> newest[slot] - random.nextInt(5000); // out of order or duplicate
                case 1 -> newest[slot];
                default -> newest[slot] + 1 + random.nextInt(30_000);
            };
            double v = random.nextInt(4) == 0 ? random.nextGaussian() : random.nextInt(3);
            long st = startTimestamp(random, labels, t, newest[slot]);
            String modelOutcome;
            String outcome;
            if (labels.metricName().equals("native_seconds")) {
                // Integer histograms for some instances, float ones for others, never both in one series.
                Histogram h = HistogramChunkTest.randomHistogram(random, null);
                boolean floats = labels.get("instance").compareTo("c") < 0;
                Histogram hi = floats ? null : h;
                FloatHistogram hf = floats ? h.toFloat() : null;
                outcome = outcome(() -> app.appendHistogram(0, labels, st, t, hi, hf));
                modelOutcome = outcome.equals("TOO_OLD") ? outcome : outcome(() -> modelApp.appendHistogram(0, labels, st, t, hi, hf));
            } else {
                outcome = outcome(() -> app.append(0, labels, st, t, v));
                modelOutcome = outcome.equals("TOO_OLD") ? outcome : outcome(() -> modelApp.append(0, labels, st, t, v));
            }
            if (outcome.equals("TOO_OLD")) {
                // Data before the newest block is closed; the model knows nothing of blocks.
                assertThat(t).isLessThan(tsdb.head().minValidTime());
            }
            assertThat(outcome).as("append %s @%d = %s", labels, t, v).isEqualTo(modelOutcome);
            if (modelOutcome.equals("ok")) {
                newest[slot] = Math.max(newest[slot], t);
            }
        }
        if (rollback) {
            modelApp.rollback();
            app.rollback();
        } else {
            modelApp.commit();
            app.commit();
        }
    }

    /**
     * Instance {@code a} never has start timestamps; the others mix the patterns producers send:
     * none, a start long before (cumulative), the previous sample (delta), just before the sample.
     */
    private static long startTimestamp(Random random, Labels labels, long t, long previousT) {
        if (labels.get("instance").equals("a")) {
            return 0;
        }
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 7;
            case 2 -> previousT;
            default -> t - random.nextInt(1000);
        };
    }

    private interface Append {
        void run() throws SampleRejectedException;
    }

    private static String outcome(Append append) {
        try {
            append.run();
            return "ok";
        } catch (SampleRejectedException e) {
            return e.reason().name();
        }
    }

    private static void compareQueries(Random random, Storage model, Storage tsdb) {
        long mint = random.nextInt(3) == 0 ? Long.MIN_VALUE : random.nextInt(2_000_000);
        long maxt = random.nextInt(3) == 0 ? Long.MAX_VALUE : mint + random.nextInt(3_000_000);
        List<LabelMatcher> matchers = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> matchers.add(LabelMatcher.equal("job", JOBS[random.nextInt(JOBS.length)]));
            case 1 -> matchers.add(LabelMatcher.regex("instance", "a|c|zz"));
            case 2 -> matchers.add(LabelMatcher.notEqual("job", "api"));
            case 3 -> matchers.add(LabelMatcher.regex("__name__", "req.*"));
            default -> matchers.add(LabelMatcher.notRegex("instance", "b"));
        }
        if (random.nextBoolean()) {
            matchers.add(LabelMatcher.equal("__name__", NAMES[random.nextInt(NAMES.length)]));
        }
        long seek = random.nextBoolean() ? Long.MIN_VALUE : random.nextInt(2_000_000);
        assertThat(dump(tsdb, mint, maxt, matchers, seek)).as("select %s in [%d, %d] seek %d", matchers, mint, maxt, seek)
                .isEqualTo(dump(model, mint, maxt, matchers, seek));
        try (Querier q = tsdb.querier(mint, maxt); Querier m = model.querier(mint, maxt)) {
            assertThat(q.labelValues("instance", matchers, 0)).isEqualTo(m.labelValues("instance", matchers, 0));
            assertThat(q.labelNames(matchers, 0)).isEqualTo(m.labelNames(matchers, 0));
        }
    }

    private static List<String> dump(Storage storage, long mint, long maxt, List<LabelMatcher> matchers, long seek) {
        List<String> lines = new ArrayList<>();
        try (Querier q = storage.querier(mint, maxt)) {
            SeriesSet set = q.select(SelectHints.range(mint, maxt), matchers);
            SampleIterator it = null;
            while (set.next()) {
                StringBuilder line = new StringBuilder(set.at().labels().toString());
                it = set.at().iterator(it);
                ValueType type = seek == Long.MIN_VALUE ? it.next() : it.seek(seek);
                for (; type != ValueType.NONE; type = it.next()) {
                    line.append(' ').append(it.atT()).append('/').append(it.atStartTimestamp()).append('=');
                    if (type == ValueType.FLOAT) {
                        line.append(Double.doubleToRawLongBits(it.atFloat()));
                    } else {
                        line.append(it.atFloatHistogram(null));
                    }
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
