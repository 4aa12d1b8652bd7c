package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.testing.ChildJvm;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments, twenty times, and checks after each
 * restart that every acknowledged sample is there, that nothing was invented, and that the
 * process can go on writing where it stopped.
 */
class TsdbCrashTest {

    static final int SERIES = 40;
    static final long STEP = 1000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSampleSurvivesSigkill() throws Exception {
        Random random = new Random(7);
        long acknowledged = -1;
        for (int round = 0; round < 20; round++) {
            try (ChildJvm child = ChildJvm.start(Writer.class, dir.toString())) {
                child.awaitLine(line -> line.startsWith("ACK "), Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(300));
                child.kill();
                child.awaitExit(Duration.ofSeconds(10));
                for (String line : child.output().split("\n")) {
                    if (line.startsWith("ACK ")) {
                        acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4).trim()));
                    }
                }
            }
            try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
                assertThat(tsdb.replayResult().dropped()).as("round %d", round).isZero();
                long newest = verify(tsdb);
                assertThat(newest).as("round %d: newest sample vs acknowledged", round).isGreaterThanOrEqualTo(acknowledged);
            }
        }
    }

    /**
     * Checks every series holds exactly the samples 0, STEP, 2*STEP... with their values; returns
     * the newest time that every series has.
     */
    private static long verify(Tsdb tsdb) {
        long newest = Long.MAX_VALUE;
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", "crash_test")));
            int seriesCount = 0;
            SampleIterator it = null;
            while (set.next()) {
                seriesCount++;
                int s = Integer.parseInt(set.at().labels().get("s"));
                it = set.at().iterator(it);
                long expected = 0;
                while (it.next() == ValueType.FLOAT) {
                    assertThat(it.atT()).as("series %d", s).isEqualTo(expected);
                    assertThat(it.atFloat()).isEqualTo(value(s, it.atT()));
                    expected += STEP;
                }
                newest = Math.min(newest, expected - STEP);
            }
            assertThat(seriesCount).isIn(0, SERIES);
            return seriesCount == 0 ? -1 : newest;
        }
    }

    static double value(int series, long t) {
        return series * 1_000_000.0 + t / STEP;
    }

    /** The child: appends one sample to every series per commit, printing each acknowledged time. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            try (Tsdb tsdb = TestTsdbs.open(Path.of(args[0]), TsdbSettings.defaults())) {
                long t = tsdb.head().maxTime() == Long.MIN_VALUE ? 0 : tsdb.head().maxTime() + STEP;
                long[] refs = new long[SERIES];
                while (true) {
                    Appender app = tsdb.appender();
                    for (int s = 0; s < SERIES; s++) {
                        refs[s] = app.append(refs[s], Labels.of("__name__", "crash_test", "s", Integer.toString(s)), t, value(s, t));
                    }
                    app.commit();
                    System.out.println("ACK " + t);
                    t += STEP;
                }
            }
        }
    }
}
