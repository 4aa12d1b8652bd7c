package dev.panoptes.metrics.tsdb.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.Tsdb;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import dev.panoptes.wire.exposition.ExpositionFormat;
import dev.panoptes.wire.exposition.TextExpositionParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real one-hour recording, imported and read back: every sample comes back bit for bit, and
 * the block stays small (the figure against Prometheus is in docs/benchmarks.md).
 */
class NodeRecordingImportTest {

    @TempDir
    Path dir;

    private static Reader open(Path file) throws Exception {
        return new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8);
    }

    /** A well-mixed hash of one sample, summed so that order does not matter. */
    private static long digest(Labels labels, long t, double value) {
        long h = labels.hash64() ^ (t * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(Double.doubleToRawLongBits(value), 17);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    @Test
    void everySampleComesBackFromTheBlock() throws Exception {
        Path file = Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "metrics", "node-recording.om.gz");
        assumeTrue(Files.exists(file), "skipped: " + file + " is absent (the shared datasets folder is not beside the clone)");
        // An order-independent digest of the file's samples, to compare with what the database returns.
        long[] expected = new long[2];
        try (Reader reader = open(file)) {
            new TextExpositionParser(ExpositionFormat.OPENMETRICS, (labels, value, t, exemplar) -> {
                expected[0]++;
                expected[1] += digest(labels, t, value);
            }).parse(reader);
        }
        try (LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(dir.resolve("objects")); Reader reader = open(file)) {
            OpenMetricsImporter.Result result = new OpenMetricsImporter(7_200_000, 120).run(reader, store, "metrics/t/blocks/", dir.resolve("staging"));
            assertThat(result.samples()).isEqualTo(651_953);
            long bytes;
            try (Stream<Path> files = Files.walk(dir.resolve("objects/metrics/t/blocks"))) {
                bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            assertThat((double) bytes / result.samples()).as("bytes per sample").isLessThan(1.0);

            try (Tsdb tsdb = Tsdb.open(dir.resolve("db"), store, "metrics/t/blocks/", TsdbSettings.defaults());
                 Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertThat(tsdb.blocks()).extracting(BlockMeta::numSamples).containsExactly(651_953L);
                long[] actual = new long[2];
                SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.regex(Labels.METRIC_NAME, ".+")));
                SampleIterator it = null;
                while (set.next()) {
                    Labels labels = set.at().labels();
                    it = set.at().iterator(it);
                    while (it.next() == ValueType.FLOAT) {
                        actual[0]++;
                        actual[1] += digest(labels, it.atT(), it.atFloat());
                    }
                }
                assertThat(actual).containsExactly(expected);
            }
        }
    }
}
