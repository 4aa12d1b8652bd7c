package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random appends around an out-of-order window of five minutes, with restarts and blocks cut in
 * between, checked against a plain model of the rules: newer than the series' newest is taken;
 * older but within the window is taken unless another value holds that timestamp; older than
 * the window, or than the newest block, is refused.
 */
class TsdbOutOfOrderTest {

    private static final long MINUTE = 60_000;
    private static final long WINDOW = 5 * MINUTE;
    private static final TsdbSettings SETTINGS = TsdbSettings.defaults()
            .withBlockDuration(Duration.ofMinutes(10))
            .withMaxBlockDuration(Duration.ofMinutes(10))
            .withOutOfOrderTimeWindow(Duration.ofMinutes(5));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void behavesLikeTheModel(long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, TreeMap<Long, Long>> model = new HashMap<>();
        Tsdb tsdb = TestTsdbs.open(dir, SETTINGS);
        try {
            long clock = 0;
            int lateAccepted = 0;
            int lateRefused = 0;
            for (int step = 0; step < 3000; step++) {
                int action = random.nextInt(1000);
                if (action < 3) {
                    tsdb.close();
                    tsdb = TestTsdbs.open(dir, SETTINGS);
                    continue;
                }
                if (action < 10) {
                    tsdb.compactHead();
                    continue;
                }
                String name = "s" + random.nextInt(4);
                clock += random.nextInt(20_000);
                long t = random.nextInt(4) == 0 ? clock - random.nextInt((int) (2 * WINDOW)) : clock;
                double v = random.nextInt(3);
                TreeMap<Long, Long> samples = model.computeIfAbsent(name, n -> new TreeMap<>());
                String expected = expected(samples, t, Double.doubleToRawLongBits(v), tsdb.head().minValidTime());
                Appender app = tsdb.appender();
                String actual;
                try {
                    app.append(0, Labels.of("__name__", name), t, v);
                    actual = "ok";
                } catch (SampleRejectedException e) {
                    actual = e.reason().name();
                }
                app.commit();
                assertThat(actual).as("step %d: %s @%d = %s", step, name, t, v).isEqualTo(expected);
                boolean late = !samples.isEmpty() && t < samples.lastKey();
                if (expected.equals("ok")) {
                    lateAccepted += late ? 1 : 0;
                    samples.putIfAbsent(t, Double.doubleToRawLongBits(v));
                } else {
                    lateRefused += late ? 1 : 0;
                }
                if (step % 200 == 0) {
                    compare(tsdb, model);
                }
            }
            compare(tsdb, model);
            assertThat(tsdb.blocks()).isNotEmpty();
            assertThat(lateAccepted).as("late samples taken").isGreaterThan(50);
            assertThat(lateRefused).as("late samples refused").isGreaterThan(50);
        } finally {
            tsdb.close();
        }
    }

    private static String expected(TreeMap<Long, Long> samples, long t, long bits, long minValid) {
        if (t < minValid) {
            return "TOO_OLD";
        }
        if (samples.isEmpty() || t > samples.lastKey()) {
            return "ok";
        }
        if (t < samples.lastKey() - WINDOW) {
            return "OUT_OF_ORDER";
        }
        Long existing = samples.get(t);
        return existing == null || existing == bits ? "ok" : "DUPLICATE_TIMESTAMP";
    }

    private static void compare(Tsdb tsdb, Map<String, TreeMap<Long, Long>> model) {
        Map<String, TreeMap<Long, Long>> actual = new HashMap<>();
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.regex("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                TreeMap<Long, Long> samples = new TreeMap<>();
                it = set.at().iterator(it);
                long previous = Long.MIN_VALUE;
                while (it.next() == ValueType.FLOAT) {
                    assertThat(it.atT()).isGreaterThan(previous);
                    previous = it.atT();
                    samples.put(it.atT(), Double.doubleToRawLongBits(it.atFloat()));
                }
                actual.put(set.at().labels().metricName(), samples);
            }
        }
        Map<String, TreeMap<Long, Long>> nonEmpty = new HashMap<>();
        model.forEach((k, v) -> {
            if (!v.isEmpty()) {
                nonEmpty.put(k, v);
            }
        });
        assertThat(actual).isEqualTo(nonEmpty);
    }
}
