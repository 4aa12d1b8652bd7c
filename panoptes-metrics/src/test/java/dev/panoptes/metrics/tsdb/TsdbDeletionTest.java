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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbDeletionTest {

    private static final long MINUTE = 60_000;
    private static final TsdbSettings SETTINGS = TsdbSettings.defaults().withBlockDuration(Duration.ofMinutes(10))
            .withMaxBlockDuration(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private static void write(Tsdb tsdb, int from, int to) throws Exception {
        for (int m = from; m < to; m++) {
            Appender app = tsdb.appender();
            for (String job : List.of("api", "db")) {
                app.append(0, Labels.of("__name__", "up", "job", job), m * MINUTE, m);
            }
            app.commit();
        }
    }

    /** Minutes with a sample, by job. */
    private static Map<String, List<Long>> minutes(Tsdb tsdb) {
        Map<String, List<Long>> result = new TreeMap<>();
        try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("__name__", "up")));
            SampleIterator it = null;
            while (set.next()) {
                List<Long> list = new java.util.ArrayList<>();
                it = set.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    list.add(it.atT() / MINUTE);
                }
                result.put(set.at().labels().get("job"), list);
            }
        }
        return result;
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new java.util.ArrayList<>();
        for (long m = from; m < to; m++) {
            list.add(m);
        }
        return list;
    }

    private static List<Long> without(List<Long> all, long from, long to) {
        return all.stream().filter(m -> m < from || m > to).toList();
    }

    @Test
    void deletionHidesSamplesAtOnceSurvivesRestartsAndIsLeftOutOfBlocks() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 0, 20);
            tsdb.deleteSeries(List.of(LabelMatcher.equal("job", "api")), 3 * MINUTE, 6 * MINUTE);
            assertThat(minutes(tsdb)).containsEntry("api", without(range(0, 20), 3, 6)).containsEntry("db", range(0, 20));
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(minutes(tsdb).get("api")).isEqualTo(without(range(0, 20), 3, 6));
            write(tsdb, 20, 25);
            assertThat(tsdb.compactHead()).isEqualTo(1);
            assertThat(tsdb.blocks()).singleElement().extracting(BlockMeta::numSamples).isEqualTo(10L + 6);
            assertThat(minutes(tsdb).get("api")).isEqualTo(without(range(0, 25), 3, 6));
        }
    }

    @Test
    void deletionInABlockIsKeptAsTombstonesUntilTheBlockIsRewritten() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            write(tsdb, 0, 25);
            tsdb.compactHead();
            assertThat(tsdb.blocks()).hasSize(1);
            tsdb.deleteSeries(List.of(LabelMatcher.equal("job", "db")), Long.MIN_VALUE, Long.MAX_VALUE);
            assertThat(minutes(tsdb)).containsOnlyKeys("api");
        }
        String blockPrefix = "objects/metrics/tenant/blocks/";
        try (Tsdb tsdb = TestTsdbs.open(dir, SETTINGS)) {
            assertThat(minutes(tsdb)).containsOnlyKeys("api");
            String oldId = tsdb.blocks().get(0).id();
            assertThat(dir.resolve(blockPrefix + oldId + "/tombstones")).exists();
            tsdb.cleanTombstones();
            BlockMeta rewritten = tsdb.blocks().get(0);
            assertThat(rewritten.id()).isNotEqualTo(oldId);
            assertThat(rewritten.numSeries()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve(blockPrefix + oldId))).isFalse();
            assertThat(minutes(tsdb)).containsOnlyKeys("api");
            try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertThat(q.labelValues("job", List.of(LabelMatcher.equal("__name__", "up")), 0)).containsExactly("api");
            }
        }
    }
}
