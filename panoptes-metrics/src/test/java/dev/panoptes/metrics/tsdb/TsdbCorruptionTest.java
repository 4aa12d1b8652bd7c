package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: the database starts, says what it could not read, and serves everything else.
 */
class TsdbCorruptionTest {

    private static final TsdbSettings SETTINGS = TsdbSettings.defaults().withBlockDuration(Duration.ofMinutes(10));
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private String blockId;

    /** Ten series over 25 minutes: a block of [0, 10m) and the rest in the head. */
    @BeforeEach
    void writeBlockAndHead() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            for (long t = 0; t < 25 * MINUTE; t += 15_000) {
                Appender app = tsdb.appender();
                for (int s = 0; s < 10; s++) {
                    app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, t / 1000.0 + s);
                }
                app.commit();
            }
            assertThat(tsdb.compactHead()).isEqualTo(1);
            List<BlockMeta> blocks = tsdb.blocks();
            assertThat(blocks).singleElement().satisfies(b -> assertThat(b.maxTime()).isEqualTo(10 * MINUTE));
            blockId = blocks.get(0).id();
        }
    }

    private Path object(String suffix) {
        return dir.resolve("objects").resolve("metrics/tenant/blocks/" + blockId + "/" + suffix);
    }

    private static void flipByte(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void aFlippedByteInTheIndexLeavesTheBlockOutAndServesTheHead() throws Exception {
        flipByte(object("index"), Files.size(object("index")) / 2);
        // The cached copy is valid; only a fresh copy shows the damage, as on another machine.
        deleteCache();
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(tsdb.blockProblems()).singleElement().asString().contains(blockId).contains("checksum");
            Result r = read(tsdb);
            assertThat(r.samples).isEqualTo(10 * 60);
            assertThat(r.minT).isEqualTo(10 * MINUTE);
        }
    }

    @Test
    void aDamagedCachedIndexIsFetchedAgain() throws Exception {
        Path cached = dir.resolve("tenant").resolve("blocks").resolve(blockId).resolve("index");
        flipByte(cached, 100);
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(tsdb.blockProblems()).isEmpty();
            assertThat(read(tsdb).samples).isEqualTo(10 * 100);
        }
    }

    @Test
    void aFlippedByteInAChunkPageDropsTheSeriesOfThatPageWithAWarning() throws Exception {
        flipByte(object("chunks/000001"), 40);
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            Result r = read(tsdb);
            // The ten small series share one page of float chunks: each loses its block range
            // with a warning naming the block and the failed checksum; the head is still served.
            assertThat(r.warnings).hasSize(10).allSatisfy(w -> assertThat(w).contains(blockId).contains("checksum"));
            assertThat(r.samples).isEqualTo(10 * 100 - 10 * 40);
        }
    }

    @Test
    void aMissingChunkSegmentIsReportedAndTheHeadStillServed() throws Exception {
        Files.delete(object("chunks/000001"));
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            Result r = read(tsdb);
            assertThat(r.warnings).hasSize(10).allSatisfy(w -> assertThat(w).contains(blockId));
            assertThat(r.samples).isEqualTo(10 * 60);
        }
    }

    @Test
    void aMissingIndexLeavesTheBlockOut() throws Exception {
        Files.delete(object("index"));
        deleteCache();
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(tsdb.blockProblems()).singleElement().asString().contains(blockId);
            assertThat(read(tsdb).samples).isEqualTo(10 * 60);
        }
    }

    private void deleteCache() throws Exception {
        Path cache = dir.resolve("tenant").resolve("blocks").resolve(blockId);
        try (Stream<Path> files = Files.list(cache)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private record Result(int samples, long minT, List<String> warnings) {
    }

    private static Result read(Tsdb tsdb) {
        int samples = 0;
        long minT = Long.MAX_VALUE;
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", "m")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    samples++;
                    minT = Math.min(minT, it.atT());
                }
            }
            return new Result(samples, minT, new ArrayList<>(set.warnings()));
        }
    }
}
