package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.testing.ChildJvm;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments, ten times, and checks after each
 * restart that every acknowledged entry is there exactly once, nothing was invented, and writing
 * goes on. The writer flushes to blocks as it goes, so kills land in flushes too.
 */
class LogStoreCrashTest {

    static final int STREAMS = 8;

    @TempDir
    Path dir;

    static LogStoreSettings settings() {
        // Small chunks so that kills land while chunks are being cut, and the periodic policy
        // because a process kill (not a power loss) is what is tested.
        return new LogStoreSettings(4096, 0, new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), 256 * 1024));
    }

    @Test
    void everyAcknowledgedEntrySurvivesSigkill() throws Exception {
        Random random = new Random(11);
        long acknowledged = -1;
        for (int round = 0; round < 10; round++) {
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
            try (TenantLogStore store = TenantLogStore.open(dir, settings(), TestObjects.in(dir), "logs/t/blocks/")) {
                assertThat(store.replayDropped()).as("round %d", round).isZero();
                long newest = verify(store);
                assertThat(newest).as("round %d: newest entry vs acknowledged", round).isGreaterThanOrEqualTo(acknowledged);
            }
        }
    }

    /** Checks every stream holds exactly the entries 0, 1, 2... with their lines; returns the newest all have. */
    private static long verify(TenantLogStore store) {
        List<LogReader.StreamEntries> streams = store.select(List.of(LabelMatcher.equal("job", "crash")), Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(streams.size()).isIn(0, STREAMS);
        long newest = Long.MAX_VALUE;
        for (LogReader.StreamEntries s : streams) {
            int stream = Integer.parseInt(s.labels().get("s"));
            for (int i = 0; i < s.entries().size(); i++) {
                assertThat(s.entries().time(i)).as("stream %d", stream).isEqualTo(i);
                assertThat(s.entries().line(i)).isEqualTo(line(stream, i));
            }
            newest = Math.min(newest, s.entries().size() - 1);
        }
        return streams.isEmpty() ? -1 : newest;
    }

    static String line(int stream, long t) {
        return "stream " + stream + " entry " + t + " " + "x".repeat((int) (t % 97));
    }

    /** The child: appends one entry to every stream per push, printing each acknowledged time. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            try (TenantLogStore store = TenantLogStore.open(Path.of(args[0]), settings(), TestObjects.in(Path.of(args[0])), "logs/t/blocks/")) {
                long[] have = counts(store);
                long t = Long.MAX_VALUE;
                for (long n : have) {
                    t = Math.min(t, n);
                }
                while (true) {
                    LogBatch batch = new LogBatch();
                    for (int s = 0; s < STREAMS; s++) {
                        // A kill inside the log write of a batch nobody was told of may keep the
                        // records of its first streams (each is checked alone): those streams
                        // are one entry ahead, and are not given it twice.
                        if (t >= have[s]) {
                            batch.stream(Labels.of("job", "crash", "s", Integer.toString(s)));
                            batch.entry(t, line(s, t), Labels.empty());
                        }
                    }
                    store.append(batch);
                    System.out.println("ACK " + t);
                    t++;
                    if (t % 150 == 0) {
                        // Flushes too, so that kills also land while blocks are written and the log folded.
                        store.flush();
                    }
                }
            }
        }

        /** Per stream, how many entries it holds. */
        private static long[] counts(TenantLogStore store) {
            long[] have = new long[STREAMS];
            for (LogReader.StreamEntries s : store.select(List.of(LabelMatcher.equal("job", "crash")), Long.MIN_VALUE, Long.MAX_VALUE)) {
                have[Integer.parseInt(s.labels().get("s"))] = s.entries().size();
            }
            return have;
        }
    }
}
