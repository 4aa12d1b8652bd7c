package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.tsdb.Tsdb;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server opens every tenant's metrics database found in its data directory and reports on it. */
class PanoptesServerMetricsStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void tenantsWrittenBeforeAStartAreReplayedAndReportedOnMetrics() throws Exception {
        try (LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(dataDir.resolve("objects"));
             Tsdb tsdb = Tsdb.open(dataDir.resolve("metrics/team-a"), store, "metrics/team-a/blocks/", TsdbSettings.defaults())) {
            Appender app = tsdb.appender();
            app.append(0, Labels.of("__name__", "up", "job", "a"), 1000, 1);
            app.append(0, Labels.of("__name__", "up", "job", "b"), 1000, 1);
            app.commit();
        }
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dataDir).withServer(new ServerSettings(null, 0, null, null, null)).withOtlp(OtlpSettings.closed());
        try (PanoptesServer server = PanoptesServer.start(config)) {
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    BodyHandlers.ofString()).body();
            assertThat(metrics).contains("panoptes_tsdb_head_series{tenant=\"team-a\"} 2.0");
            assertThat(metrics).contains("panoptes_tsdb_samples_rejected_total{reason=\"out_of_order\",tenant=\"team-a\"} 0.0");
        }
    }
}
