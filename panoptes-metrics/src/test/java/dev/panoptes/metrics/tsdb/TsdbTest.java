package dev.panoptes.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.ValueType;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {

    @TempDir
    Path dir;

    private static final Labels UP = Labels.of("__name__", "up", "job", "node");

    @Test
    void committedDataSurvivesARestartWithExemplarsAndMetadata() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            Appender app = tsdb.appender();
            long ref = 0;
            for (int i = 0; i < 300; i++) {
                ref = app.append(ref, UP, 1000L * i, i % 2);
            }
            app.appendExemplar(ref, UP, new Exemplar(Labels.of("trace_id", "abc"), 1, 299_000, true));
            app.updateMetadata(ref, UP, new MetricMetadata(MetricType.GAUGE, "Whether the target is up.", ""));
            app.commit();
            Appender uncommitted = tsdb.appender();
            uncommitted.append(0, UP, 400_000, 5);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            assertThat(tsdb.replayResult().samples()).isEqualTo(300);
            assertThat(floats(tsdb, 0, Long.MAX_VALUE)).hasSize(300).last().isEqualTo(new double[] {299_000, 1});
            assertThat(tsdb.exemplars(0, Long.MAX_VALUE, List.of(List.of(LabelMatcher.equal("job", "node")))))
                    .singleElement().satisfies(e -> assertThat(e.exemplars()).singleElement()
                            .extracting(Exemplar::labels).isEqualTo(Labels.of("trace_id", "abc")));
            assertThat(tsdb.metadata("up", 0, 0).get("up")).containsExactly(new MetricMetadata(MetricType.GAUGE, "Whether the target is up.", ""));
            // Appends continue after the replayed data, and reject what replay made old.
            Appender app = tsdb.appender();
            assertThatThrownBy(() -> app.append(0, UP, 10_000, 7))
                    .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_ORDER));
            app.append(0, UP, 300_000, 7);
            app.commit();
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            assertThat(floats(tsdb, 0, Long.MAX_VALUE)).hasSize(301);
        }
    }

    @Test
    void nativeHistogramsOfBothKindsSurviveARestartBesideFloats() throws Exception {
        Labels ints = Labels.of("__name__", "rpc_seconds", "kind", "int");
        Labels floatsOnly = Labels.of("__name__", "rpc_seconds", "kind", "float");
        List<Histogram> written = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            Histogram previous = null;
            for (int i = 0; i < 200; i++) {
                previous = dev.panoptes.metrics.tsdb.chunk.HistogramChunkTest.randomHistogram(random, previous);
                written.add(previous.copy());
                Appender app = tsdb.appender();
                app.appendHistogram(0, ints, 1000L * i, previous, null);
                app.appendHistogram(0, floatsOnly, 1000L * i, null, previous.toFloat());
                // A float sample after the histograms: the series switches chunk kinds.
                app.append(0, Labels.of("__name__", "rpc_seconds", "kind", "mixed"), 1000L * i, i);
                app.commit();
            }
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults()); Querier q = tsdb.querier(0, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(0, Long.MAX_VALUE), List.of(LabelMatcher.regex("kind", "int|float")));
            assertThat(set.next()).isTrue();
            assertThat(set.at().labels().get("kind")).isEqualTo("float");
            SampleIterator it = set.at().iterator(null);
            for (Histogram expected : written) {
                assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
                // Hints read back by storage rules (TsdbHistogramHintTest), the rest as written.
                assertThat(it.atFloatHistogram(null)).usingRecursiveComparison().ignoringFields("counterResetHint").isEqualTo(expected.toFloat());
            }
            assertThat(it.next()).isEqualTo(ValueType.NONE);
            assertThat(set.next()).isTrue();
            it = set.at().iterator(it);
            for (Histogram expected : written) {
                assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
                assertThat(it.atHistogram(new Histogram())).usingRecursiveComparison().ignoringFields("counterResetHint").isEqualTo(expected);
            }
        }
    }

    @Test
    void aTornLogTailIsCutAndEverythingBeforeItServed() throws Exception {
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            for (int i = 0; i < 10; i++) {
                Appender app = tsdb.appender();
                app.append(0, UP, 1000L * i, i);
                app.commit();
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("tenant").resolve("wal"))) {
            segment = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() - 5);
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, TsdbSettings.defaults())) {
            assertThat(tsdb.replayResult().problems()).singleElement().asString().contains("truncated");
            assertThat(floats(tsdb, 0, Long.MAX_VALUE)).hasSize(9);
        }
    }

    @Test
    void tenantsAreSeparateAndReopenedAtStartUp() throws Exception {
        try (TenantTsdbs tenants = TenantTsdbs.open(dir.resolve("metrics"), LocalDirectoryObjectStore.open(dir.resolve("objects")), TsdbSettings.defaults())) {
            for (String tenant : List.of("team-a", "team-b")) {
                Appender app = tenants.forTenant(TenantId.of(tenant)).appender();
                app.append(0, Labels.of("__name__", "owner", "team", tenant), 1000, 1);
                app.commit();
            }
        }
        try (TenantTsdbs tenants = TenantTsdbs.open(dir.resolve("metrics"), LocalDirectoryObjectStore.open(dir.resolve("objects")), TsdbSettings.defaults())) {
            assertThat(tenants.opened()).hasSize(2);
            try (Querier q = tenants.forTenant(TenantId.of("team-a")).querier(0, 2000)) {
                assertThat(q.labelValues("team", List.of(), 0)).containsExactly("team-a");
            }
        }
        assertThat(dir.resolve("metrics").resolve("team-a").resolve("wal")).isDirectory();
    }

    @Test
    void theActiveSeriesLimitHoldsAcrossRestarts() throws Exception {
        TsdbSettings limited = TsdbSettings.defaults().withMaxActiveSeries(3);
        try (Tsdb tsdb = TestTsdbs.open(dir, limited)) {
            Appender app = tsdb.appender();
            for (int i = 0; i < 3; i++) {
                app.append(0, Labels.of("__name__", "m", "i", "" + i), 1000, i);
            }
            app.commit();
        }
        try (Tsdb tsdb = TestTsdbs.open(dir, limited)) {
            Appender app = tsdb.appender();
            assertThatThrownBy(() -> app.append(0, Labels.of("__name__", "m", "i", "3"), 2000, 3))
                    .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERIES_LIMIT));
            app.append(0, Labels.of("__name__", "m", "i", "2"), 2000, 3);
            app.commit();
        }
    }

    static List<double[]> floats(Storage storage, long mint, long maxt) {
        List<double[]> result = new ArrayList<>();
        try (Querier q = storage.querier(mint, maxt)) {
            SeriesSet set = q.select(SelectHints.range(mint, maxt), List.of(LabelMatcher.regex("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    result.add(new double[] {it.atT(), it.atFloat()});
                }
            }
        }
        return result;
    }
}
