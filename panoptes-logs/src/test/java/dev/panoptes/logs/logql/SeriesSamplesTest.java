package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.logs.logql.RangeAggregationExpr.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A series' windows computed from bucket counts give exactly what the windows over its samples
 * give, and both what counting the samples in each window by hand gives: for steps finer and
 * coarser than the range, ranges that are not a multiple of the step, offsets, one step, samples
 * arriving as several time-ordered runs (several streams), and samples on the windows' bounds.
 */
class SeriesSamplesTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_764_000_000L * S;

    @ParameterizedTest
    @CsvSource({
            // step s, steps, range s, offset s
            "60, 30, 60, 0",
            "15, 100, 60, 0",
            "60, 30, 300, 0",
            "7, 80, 60, 0",
            "60, 20, 45, 0",
            "60, 30, 60, 90",
            "1, 1, 300, 0",
            "3600, 1, 60, 30",
    })
    void bucketsGiveTheSamplesWindows(long stepSeconds, int steps, long rangeSeconds, long offsetSeconds) {
        long step = stepSeconds * S;
        long range = rangeSeconds * S;
        long offset = offsetSeconds * S;
        long start = T0 + range + offset;
        long first = start - offset - range + 1;
        long last = start + (steps - 1) * step - offset;
        Random random = new Random(stepSeconds * 31 + steps + rangeSeconds * 7 + offsetSeconds);
        // Three streams' worth of runs, dense enough that the grid is taken, with gaps longer than a window.
        List<long[]> samples = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long t = first - 2 * S;
            while (t <= last + 2 * S) {
                samples.add(new long[] {t, 1 + random.nextInt(200)});
                int r = random.nextInt(100);
                t += r == 0 ? range + 2 * step : r < 25 ? Math.min(step, range) / 2 : 1 + random.nextInt((int) Math.max(2, Math.min(step, range) / 40));
            }
        }
        // And a run on the bounds of every window: its end (in it) and its start (not in it).
        for (int k = 0; k < steps; k++) {
            long end = start + k * step - offset;
            samples.add(new long[] {end - range, 7});
            samples.add(new long[] {end - range + 1, 11});
            samples.add(new long[] {end, 13});
        }
        for (Op op : List.of(Op.COUNT_OVER_TIME, Op.RATE, Op.BYTES_OVER_TIME, Op.BYTES_RATE, Op.ABSENT_OVER_TIME)) {
            boolean bytes = op == Op.BYTES_OVER_TIME || op == Op.BYTES_RATE;
            SeriesSamples.Grid grid = SeriesSamples.gridFor(op, false, start, step, steps, range, offset);
            assertThat(grid).as("grid for %s", op).isNotNull();
            SeriesSamples bucketed = new SeriesSamples(grid, bytes);
            SeriesSamples listed = new SeriesSamples(null, bytes);
            for (long[] s : samples) {
                double v = bytes ? s[1] : 1;
                bucketed.add(s[0], v);
                listed.add(s[0], v);
            }
            boolean absent = op == Op.ABSENT_OVER_TIME;
            boolean[] presentBucketed = absent ? new boolean[steps] : null;
            boolean[] presentListed = absent ? new boolean[steps] : null;
            assertThat(bucketed.holdsBuckets()).as("%s went over to buckets", op).isTrue();
            assertThat(listed.holdsBuckets()).isFalse();
            SeriesSamples.Points fromBuckets = bucketed.evaluate(op, 0, start, step, steps, offset, range, presentBucketed);
            SeriesSamples.Points fromSamples = listed.evaluate(op, 0, start, step, steps, offset, range, presentListed);
            SeriesSamples.Points byHand = byHand(op, samples, start, step, steps, offset, range);
            if (absent) {
                assertThat(presentBucketed).isEqualTo(presentListed);
                for (int k = 0; k < steps; k++) {
                    assertThat(presentBucketed[k]).as("step %d present", k).isEqualTo(contains(byHand.times(), start + k * step));
                }
                continue;
            }
            assertThat(fromBuckets.times()).as("%s times", op).isEqualTo(byHand.times());
            assertThat(fromBuckets.values()).as("%s values", op).isEqualTo(byHand.values());
            assertThat(fromSamples.times()).isEqualTo(byHand.times());
            assertThat(fromSamples.values()).isEqualTo(byHand.values());
        }
    }

    @ParameterizedTest
    @CsvSource({"SUM_OVER_TIME, false", "FIRST_OVER_TIME, false", "QUANTILE_OVER_TIME, false", "RATE, true"})
    void aggregationsOfValuesKeepTheirSamples(Op op, boolean unwrapped) {
        assertThat(SeriesSamples.gridFor(op, unwrapped, T0, 60 * S, 10, 60 * S, 0)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1, 1000000, 60000000000", "60000000000, 1000, 1"})
    void gridsFinerThanTheLimitAreNotMade(long step, int steps, long range) {
        assertThat(SeriesSamples.Grid.of(T0, step, steps, range, 0)).isNull();
    }

    private static SeriesSamples.Points byHand(Op op, List<long[]> samples, long start, long step, int steps, long offset, long range) {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            long t = start + k * step;
            long end = t - offset;
            long count = 0;
            long bytes = 0;
            for (long[] s : samples) {
                if (s[0] > end - range && s[0] <= end) {
                    count++;
                    bytes += s[1];
                }
            }
            if (count == 0) {
                continue;
            }
            double seconds = range / 1e9;
            times.add(t);
            values.add(switch (op) {
                case COUNT_OVER_TIME, ABSENT_OVER_TIME -> (double) count;
                case RATE -> count / seconds;
                case BYTES_OVER_TIME -> (double) bytes;
                case BYTES_RATE -> bytes / seconds;
                default -> throw new IllegalArgumentException(op.name());
            });
        }
        return new SeriesSamples.Points(times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean contains(long[] times, long t) {
        for (long x : times) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }
}
