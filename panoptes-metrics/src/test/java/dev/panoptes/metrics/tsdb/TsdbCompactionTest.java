package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbCompactionTest {

    private static final long MINUTE = 60_000;
    private static final TsdbSettings SETTINGS = TsdbSettings.defaults()
            .withBlockDuration(Duration.ofMinutes(10))
            .withMaxBlockDuration(Duration.ofHours(2));

    @TempDir
    Path dir;

    /** Five series, one sample a minute, from {@code from} (inclusive) to {@code to} minutes. */
    private static void write(Tsdb tsdb, int from, int to) throws Exception {
        for (int m = from; m < to; m++) {
            Appender app = tsdb.appender();
            for (int s = 0; s < 5; s++) {
                app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), m * MINUTE, m * 10 + s);
            }
            app.commit();
        }
    }

    /** Every sample, checked to be exactly one a minute with its value; returns the minutes covered. */
    private static long[] check(Tsdb tsdb) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", "m")));
            SampleIterator it = null;
            int series = 0;
            while (set.next()) {
                int s = Integer.parseInt(set.at().labels().get("s"));
                it = set.at().iterator(it);
                long expected = -1;
                while (it.next() == ValueType.FLOAT) {
                    long minute = it.atT() / MINUTE;
                    if (expected >= 0) {
                        assertThat(minute).as("series %d", s).isEqualTo(expected);
                    }
                    assertThat(it.atFloat()).isEqualTo(minute * 10 + s);
                    first = Math.min(first, minute);
                    last = Math.max(last, minute);
                    expected = minute + 1;
                }
                series++;
            }
            assertThat(series).isEqualTo(5);
            assertThat(set.warnings()).isEmpty();
        }
        return new long[] {first, last};
    }

    @Test
    void blocksAreMergedIntoGrowingWindowsWithoutLosingASample() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 0, 150);
            tsdb.maintain();
            // The head is cut every 10 minutes up to 140 (it keeps more than half a block duration);
            // 30-minute windows are merged, then the 2-hour window [0, 120) into one block.
            List<BlockMeta> blocks = tsdb.blocks();
            assertThat(blocks).extracting(BlockMeta::minTime).containsExactly(0L, 120 * MINUTE, 130 * MINUTE);
            assertThat(blocks.get(0).maxTime()).isEqualTo(120 * MINUTE);
            assertThat(blocks.get(0).level()).isEqualTo(3);
            assertThat(blocks.get(0).sources()).hasSize(12);
            assertThat(blocks.get(0).numSamples()).isEqualTo(5 * 120);
            assertThat(check(tsdb)).containsExactly(0, 149);
        }
        // Only the live blocks remain in the store.
        try (Stream<Path> ids = Files.list(dir.resolve("objects/metrics/tenant/blocks"))) {
            assertThat(ids.count()).isEqualTo(3);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(check(tsdb)).containsExactly(0, 149);
        }
    }

    @Test
    void aQueryStartedBeforeAMergeReadsTheOldBlocksToTheEnd() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 0, 50);
            tsdb.compactHead();
            assertThat(tsdb.blocks()).hasSize(4);
            try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertThat(tsdb.compactBlocks()).isEqualTo(1);
                SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("s", "0")));
                assertThat(set.next()).isTrue();
                SampleIterator it = set.at().iterator(null);
                int n = 0;
                while (it.next() == ValueType.FLOAT) {
                    n++;
                }
                assertThat(n).isEqualTo(50);
                assertThat(set.warnings()).isEmpty();
            }
            try (Stream<Path> ids = Files.list(dir.resolve("objects/metrics/tenant/blocks"))) {
                assertThat(ids.count()).as("old blocks deleted once the query closed").isEqualTo(2);
            }
        }
    }

    @Test
    void retentionByTimeDeletesWholeOldBlocks() throws Exception {
        TsdbSettings settings = SETTINGS.withRetention(Duration.ofMinutes(30), null).withMaxBlockDuration(Duration.ofMinutes(10));
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            write(tsdb, 0, 100);
            tsdb.maintain();
            // Blocks up to 90 minutes; those ending at or before 60 are past retention.
            assertThat(tsdb.blocks()).extracting(BlockMeta::minTime).containsExactly(60 * MINUTE, 70 * MINUTE, 80 * MINUTE);
            assertThat(check(tsdb)).containsExactly(60, 99);
        }
    }

    @Test
    void retentionBySizeDeletesTheOldestBlocksFirst() throws Exception {
        TsdbSettings settings = SETTINGS.withMaxBlockDuration(Duration.ofMinutes(10));
        long blockCount;
        try (Tsdb tsdb = TestTsdbs.open(dir, settings)) {
            write(tsdb, 0, 40);
            tsdb.compactHead();
            blockCount = tsdb.blocks().size();
            assertThat(blockCount).isEqualTo(3);
        }
        long oneBlock;
        try (Stream<Path> files = Files.walk(dir.resolve("objects/metrics/tenant/blocks"))) {
            long total = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            oneBlock = total / blockCount;
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, settings.withRetention(Duration.ofDays(1), new ByteSize(oneBlock * 3 / 2)))) {
            assertThat(tsdb.applyRetention()).isEqualTo(2);
            assertThat(tsdb.blocks()).extracting(BlockMeta::minTime).containsExactly(20 * MINUTE);
        }
    }

    @Test
    void aBlockThatAMergedBlockAlsoHoldsIsRecognised() {
        BlockMeta a = new BlockMeta(1, "A", 0, 10, 1, 1, 1, 1, List.of("A"));
        BlockMeta b = new BlockMeta(1, "B", 10, 20, 1, 1, 1, 1, List.of("B"));
        BlockMeta merged = new BlockMeta(1, "M", 0, 20, 1, 2, 2, 2, List.of("A", "B"));
        BlockMeta other = new BlockMeta(1, "C", 20, 30, 1, 1, 1, 1, List.of("C"));
        assertThat(BlockCompactor.redundant(List.of(a, b, merged, other))).containsExactlyInAnyOrder("A", "B");
    }
}
