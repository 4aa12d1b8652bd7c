package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.api.QuerySettings;
import dev.panoptes.metrics.scrape.ScrapeConfig;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import dev.panoptes.server.config.TenancySettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query API wired into the real server over the real TSDB, behind the tenant edge. */
class PanoptesServerQueryApiTest {

    @TempDir
    Path dataDir;

    private final HttpClient client = HttpClient.newHttpClient();

    private PanoptesConfig config(boolean auth) {
        // A scrape job that is never due within the test, carrying a password that must not show.
        ScrapeConfig job = new ScrapeConfig("far", Duration.ofHours(1), Duration.ofSeconds(10), null, null, null, null, null, null, null, null,
                null, List.of(), null, null, new ScrapeConfig.BasicAuth("me", "hunter2"), null, null, null, null, null, null, null, null, null, null);
        return PanoptesConfig.defaults().withDataDir(dataDir).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(OtlpSettings.closed()).withScrapeConfigs(List.of(job))
                .withQuery(new QuerySettings(null, Duration.ofSeconds(30), null, null, null, true))
                .withTenancy(new TenancySettings(auth, null));
    }

    private HttpResponse<String> send(PanoptesServer server, String method, String pathAndQuery, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            b.header("X-Scope-OrgID", tenant);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void queriesReadTheTenantsTsdbAndAdminDeletesFromIt() throws Exception {
        try (PanoptesServer server = PanoptesServer.start(config(false))) {
            Appender app = server.metricsStorage().forTenant(TenantId.of("anonymous")).appender();
            for (int i = 0; i < 10; i++) {
                app.append(0, Labels.of("__name__", "temperature", "room", "a"), 1_000_000 + i * 15_000L, 20 + i);
                app.append(0, Labels.of("__name__", "temperature", "room", "b"), 1_000_000 + i * 15_000L, 10);
            }
            app.commit();
            String query = "/api/v1/query?query=" + URLEncoder.encode("temperature{room=\"a\"}", StandardCharsets.UTF_8) + "&time=1135";
            assertThat(send(server, "GET", query, null).body()).isEqualTo(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"temperature\",\"room\":\"a\"},"
                            + "\"value\":[1135,\"29\"]}]}}");
            assertThat(send(server, "GET", "/prometheus/api/v1/label/room/values", null).body())
                    .isEqualTo("{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
            assertThat(send(server, "GET", "/api/v1/status/tsdb", null).body())
                    .startsWith("{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":2,")
                    .contains("\"seriesCountByMetricName\":[{\"name\":\"temperature\",\"value\":2}]");

            HttpResponse<String> deleted = send(server, "POST", "/api/v1/admin/tsdb/delete_series?match[]="
                    + URLEncoder.encode("temperature{room=\"a\"}", StandardCharsets.UTF_8), null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(send(server, "GET", query, null).body())
                    .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
            assertThat(send(server, "POST", "/api/v1/admin/tsdb/clean_tombstones", null).statusCode()).isEqualTo(204);
            assertThat(send(server, "GET", "/metrics", null).body()).contains("panoptes_query_refused_total 0.0")
                    .contains("panoptes_query_running 0.0");
        }
    }

    @Test
    void statusShowsTheEffectiveConfigurationWithoutSecrets() throws Exception {
        try (PanoptesServer server = PanoptesServer.start(config(false))) {
            String yaml = new ObjectMapper().readTree(send(server, "GET", "/api/v1/status/config", null).body()).path("data").path("yaml").asText();
            assertThat(yaml).contains("data_dir: " + dataDir).contains("wal_sync: always").contains("query:").contains("timeout: 30s").contains("password: <secret>").doesNotContain("hunter2");
            assertThat(send(server, "GET", "/api/v1/status/flags", null).body())
                    .contains("\"query.timeout\":\"30s\"").contains("\"query.enable_admin_api\":\"true\"").doesNotContain("hunter2");
            assertThat(send(server, "GET", "/api/v1/status/runtimeinfo", null).body()).contains("\"storageRetention\":\"15d\"");
            assertThat(send(server, "GET", "/prometheus/api/v1/status/buildinfo", null).body()).startsWith("{\"status\":\"success\",\"data\":{\"version\":");
        }
    }

    @Test
    void withAuthenticationAQueryWithoutTenantIsRefusedAtTheEdge() throws Exception {
        try (PanoptesServer server = PanoptesServer.start(config(true))) {
            assertThat(send(server, "GET", "/api/v1/query?query=1", null).statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/api/v1/query?query=1&time=0", "team-a").body())
                    .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0,\"1\"]}}");
        }
    }
}
