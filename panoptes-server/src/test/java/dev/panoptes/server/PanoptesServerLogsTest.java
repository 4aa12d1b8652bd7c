package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs pillar as the composition root wires it: behind the tenant edge, on the main port, replayed after a restart. */
class PanoptesServerLogsTest {

    @TempDir
    Path dataDir;

    final HttpClient http = HttpClient.newHttpClient();

    PanoptesConfig config() {
        return PanoptesConfig.defaults().withDataDir(dataDir).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(OtlpSettings.closed()).withScrapeConfigs(java.util.List.of());
    }

    HttpResponse<String> push(PanoptesServer server, String tenant, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-Scope-OrgID", tenant);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> query(PanoptesServer server, String tenant, String logql) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/loki/api/v1/query_range?start=" + (now - 3600) + "&end=" + (now + 60) + "&query="
                + URLEncoder.encode(logql, StandardCharsets.UTF_8)));
        if (tenant != null) {
            request.header("X-Scope-OrgID", tenant);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void pushedLogsAreQueryablePerTenantAndSurviveARestart() throws Exception {
        String ns = (System.currentTimeMillis() - 1000) + "000000";
        String body = "{\"streams\":[{\"stream\":{\"app\":\"shop\"},\"values\":[[\"" + ns + "\",\"order 42 paid\"]]}]}";
        try (PanoptesServer server = PanoptesServer.start(config())) {
            assertThat(push(server, "team-a", body).statusCode()).isEqualTo(204);
            assertThat(push(server, null, body.replace("42", "43")).statusCode()).as("the default tenant").isEqualTo(204);
            assertThat(push(server, "bad/tenant", body).statusCode()).isEqualTo(400);
            assertThat(query(server, "team-a", "{app=\"shop\"}").body()).contains("order 42 paid").doesNotContain("order 43");
        }
        try (PanoptesServer server = PanoptesServer.start(config())) {
            HttpResponse<String> teamA = query(server, "team-a", "{app=\"shop\"} |= \"paid\"");
            assertThat(teamA.statusCode()).isEqualTo(200);
            assertThat(teamA.body()).contains("[\"" + ns + "\",\"order 42 paid\"]").doesNotContain("order 43");
            assertThat(query(server, null, "{app=\"shop\"}").body()).contains("order 43 paid");
            assertThat(query(server, "team-a", "{app=").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theLogsSectionReadsLokisKeyNames() throws Exception {
        PanoptesConfig config = new YamlConfigLoader().parse("""
                logs:
                  chunk_target_size: 2MB
                  wal_sync: periodic
                  wal_sync_interval: 5s
                  flush_interval: 10m
                  limits:
                    ingestion_rate_mb: 8
                    ingestion_burst_size_mb: 16
                    max_line_size: 512KB
                    max_line_size_truncate: true
                    max_label_names_per_series: 20
                    max_global_streams_per_user: 100
                    reject_old_samples_max_age: 1w
                    max_entries_limit_per_query: 10000
                """, "test", PanoptesConfig.class);
        assertThat(config.logs().chunkTargetSize().bytes()).isEqualTo(2 << 20);
        assertThat(config.logs().walSync()).isEqualTo(WalSync.PERIODIC);
        assertThat(config.logs().store().flushInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.logs().limits().ingestionRateMb()).isEqualTo(8.0);
        assertThat(config.logs().limits().maxLineSize().bytes()).isEqualTo(512 * 1024);
        assertThat(config.logs().limits().maxLineSizeTruncate()).isTrue();
        assertThat(config.logs().limits().rejectOldSamplesMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(config.logs().store().maxStreams()).isEqualTo(100);
        assertThat(config.logs().limits().maxEntriesLimitPerQuery()).isEqualTo(10000);
    }

    @Test
    void retentionAndDeleteSettingsReadLokisKeyNames() throws Exception {
        PanoptesConfig config = new YamlConfigLoader().parse("""
                logs:
                  retention_period: 30d
                  delete_request_cancel_period: 1h
                  retention_stream:
                    - selector: '{env="dev"}'
                      priority: 1
                      period: 24h
                """, "test", PanoptesConfig.class);
        assertThat(config.logs().store().deleteCancelPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(config.logs().retention(dev.panoptes.core.tenant.TenantId.of("anonymous")).periodFor(dev.panoptes.core.labels.Labels.of("env", "dev"))).isEqualTo(Duration.ofHours(24));
        assertThat(config.logs().retention(dev.panoptes.core.tenant.TenantId.of("anonymous")).periodFor(dev.panoptes.core.labels.Labels.of("env", "prod"))).isEqualTo(Duration.ofDays(30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YamlConfigLoader().parse("""
                logs:
                  retention_stream:
                    - selector: '{env="dev"} |= "x"'
                      period: 24h
                """, "test", PanoptesConfig.class)).hasMessageContaining("is not a stream selector");
    }

    @Test
    void aTenantsOverridesReplaceTheRetentionKeysTheySetAndInheritTheRest() throws Exception {
        PanoptesConfig config = new YamlConfigLoader().parse("""
                logs:
                  retention_period: 30d
                  retention_stream:
                    - selector: '{env="dev"}'
                      period: 24h
                  overrides:
                    team-a:
                      retention_period: 90d
                    team-b:
                      retention_stream:
                        - selector: '{env="dev"}'
                          period: 1h
                """, "test", PanoptesConfig.class);
        dev.panoptes.core.labels.Labels devStream = dev.panoptes.core.labels.Labels.of("env", "dev");
        dev.panoptes.core.labels.Labels prodStream = dev.panoptes.core.labels.Labels.of("env", "prod");
        java.util.function.Function<String, dev.panoptes.logs.store.RetentionPolicy> of =
                t -> config.logs().retention(dev.panoptes.core.tenant.TenantId.of(t));
        assertThat(of.apply("team-a").periodFor(prodStream)).isEqualTo(Duration.ofDays(90));
        assertThat(of.apply("team-a").periodFor(devStream)).isEqualTo(Duration.ofHours(24));
        assertThat(of.apply("team-b").periodFor(prodStream)).isEqualTo(Duration.ofDays(30));
        assertThat(of.apply("team-b").periodFor(devStream)).isEqualTo(Duration.ofHours(1));
        assertThat(of.apply("someone-else").periodFor(prodStream)).isEqualTo(Duration.ofDays(30));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YamlConfigLoader().parse("""
                logs:
                  overrides:
                    "a/b":
                      retention_period: 1d
                """, "test", PanoptesConfig.class)).hasMessageContaining("overrides");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YamlConfigLoader().parse("""
                logs:
                  overrides:
                    team-c:
                      retention_stream:
                        - selector: 'not a selector'
                          period: 1h
                """, "test", PanoptesConfig.class)).hasMessageContaining("retention_stream selector");
    }

    @Test
    void aTenantsLimitOverridesApplyToItsPushesAndQueriesAndNoOneElses() throws Exception {
        PanoptesConfig parsed = new YamlConfigLoader().parse("""
                logs:
                  limits:
                    max_line_size: 1KB
                    max_query_series: 2
                  overrides:
                    big:
                      max_line_size: 4KB
                      max_global_streams_per_user: 2
                      max_query_series: 10
                    small:
                      ingestion_rate_mb: 0.001
                      ingestion_burst_size_mb: 0.002
                """, "test", PanoptesConfig.class);
        assertThat(parsed.logs().limits(dev.panoptes.core.tenant.TenantId.of("big")).maxLineSizeTruncate())
                .as("keys the tenant leaves out are the section's").isFalse();
        PanoptesConfig levels = new YamlConfigLoader().parse("""
                logs:
                  limits:
                    log_level_fields: [sev, level]
                    log_level_from_json_max_depth: 0
                  overrides:
                    quiet:
                      discover_log_levels: false
                """, "test", PanoptesConfig.class);
        assertThat(levels.logs().limits(dev.panoptes.core.tenant.TenantId.of("quiet")).discoverLogLevels()).isFalse();
        assertThat(levels.logs().limits(dev.panoptes.core.tenant.TenantId.of("quiet")).logLevelFields()).containsExactly("sev", "level");
        assertThat(levels.logs().limits(dev.panoptes.core.tenant.TenantId.of("other")).discoverLogLevels()).isTrue();
        assertThat(levels.logs().limits(dev.panoptes.core.tenant.TenantId.of("other")).logLevelFromJsonMaxDepth()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YamlConfigLoader().parse("""
                logs:
                  overrides:
                    x:
                      max_label_names_per_series: -1
                """, "test", PanoptesConfig.class)).hasMessageContaining("overrides.x: max_label_names_per_series must not be negative");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YamlConfigLoader().parse("""
                logs:
                  overrides:
                    x:
                      ingestion_rate: 3
                """, "test", PanoptesConfig.class)).hasMessageContaining("unknown key 'ingestion_rate'");
        String ns = (System.currentTimeMillis() - 1000) + "000000";
        String line2k = "x".repeat(2048);
        String longLine = "{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"" + ns + "\",\"" + line2k + "\"]]}]}";
        try (PanoptesServer server = PanoptesServer.start(config().withLogs(parsed.logs()))) {
            assertThat(push(server, "big", longLine).statusCode()).as("within the tenant's own line size").isEqualTo(204);
            HttpResponse<String> refused = push(server, "other", longLine);
            assertThat(refused.statusCode()).as("the section's line size for everyone else").isEqualTo(400);
            assertThat(refused.body()).contains("max entry size '1024' bytes exceeded");

            for (int i = 0; i < 3; i++) {
                String body = "{\"streams\":[{\"stream\":{\"app\":\"s" + i + "\"},\"values\":[[\"" + ns + "\",\"line " + i + "\"]]}]}";
                HttpResponse<String> big = push(server, "big", body);
                assertThat(push(server, "other", body).statusCode()).isEqualTo(204);
                if (i == 0) {
                    assertThat(big.statusCode()).as("the second stream, app=a being the first").isEqualTo(204);
                } else {
                    assertThat(big.statusCode()).as("the tenant's stream limit of 2").isEqualTo(429);
                    assertThat(big.body()).contains("Maximum active stream limit exceeded");
                }
            }

            String bulk = "{\"streams\":[{\"stream\":{\"app\":\"r\"},\"values\":[[\"" + ns + "\",\"" + "y".repeat(1000) + "\"]]}]}";
            int limited = 0;
            for (int i = 0; i < 5; i++) {
                limited += push(server, "small", bulk).statusCode() == 429 ? 1 : 0;
            }
            assertThat(limited).as("the small tenant's own ingestion rate of about a kilobyte a second").isGreaterThan(0);
            for (int i = 0; i < 5; i++) {
                assertThat(push(server, "other", bulk).statusCode()).as("the section's 4 MB/s").isEqualTo(204);
            }

            String perApp = "sum by (app) (count_over_time({app=~\"s.*\"}[1h]))";
            HttpResponse<String> otherSeries = query(server, "other", perApp);
            assertThat(otherSeries.statusCode()).as("three series over the section's max_query_series of 2").isEqualTo(400);
            assertThat(otherSeries.body()).contains("maximum number of series (2) reached for a single query");
            HttpResponse<String> bigSeries = query(server, "big", "sum by (app) (count_over_time({app=~\".+\"}[1h]))");
            assertThat(query(server, "other", "sum by (app) (count_over_time({app=~\"s.*\"}[1h]))").statusCode()).isEqualTo(400);
            assertThat(bigSeries.statusCode()).as(bigSeries.body()).isEqualTo(200);
        }
    }

    @Test
    void grafanasLogsDrilldownReadsEachTenantsOwnLimits() throws Exception {
        PanoptesConfig parsed = new YamlConfigLoader().parse("""
                logs:
                  retention_period: 30d
                  limits:
                    query_timeout: 2m
                  overrides:
                    long:
                      retention_period: 90d
                      retention_stream:
                        - selector: '{env="dev"}'
                          priority: 1
                          period: 24h
                      discover_service_name: [svc]
                      max_query_length: 15d
                """, "test", PanoptesConfig.class);
        try (PanoptesServer server = PanoptesServer.start(config().withLogs(parsed.logs()))) {
            ObjectMapper json = new ObjectMapper();
            HttpResponse<String> other = get(server, "other", "/loki/api/v1/drilldown-limits");
            assertThat(other.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(other.body());
            assertThat(body.path("pattern_ingester_enabled").asBoolean()).as("the Patterns tab is shown").isTrue();
            assertThat(body.path("version").asText()).isNotEmpty();
            JsonNode limits = body.path("limits");
            assertThat(limits.path("retention_period").asText()).isEqualTo("30d");
            assertThat(limits.path("query_timeout").asText()).isEqualTo("2m");
            assertThat(limits.path("max_query_length").asText()).as("Loki's default, as Loki prints it").isEqualTo("30d1h");
            assertThat(limits.path("max_query_bytes_read").asText()).isEqualTo("0B");
            assertThat(limits.path("discover_log_levels").asBoolean()).isTrue();
            assertThat(limits.path("discover_service_name").get(0).asText()).isEqualTo("service");
            assertThat(limits.path("volume_enabled").asBoolean()).isTrue();
            assertThat(limits.has("retention_stream")).as("left out when empty, as Loki does").isFalse();

            JsonNode own = json.readTree(get(server, "long", "/loki/api/v1/drilldown-limits").body())
                    .path("limits");
            assertThat(own.path("retention_period").asText()).isEqualTo("90d");
            assertThat(own.path("max_query_length").asText()).isEqualTo("15d");
            assertThat(own.path("query_timeout").asText()).as("inherited from the section").isEqualTo("2m");
            assertThat(own.path("discover_service_name").toString()).isEqualTo("[\"svc\"]");
            assertThat(own.path("retention_stream").toString())
                    .isEqualTo("[{\"period\":\"1d\",\"priority\":1,\"selector\":\"{env=\\\"dev\\\"}\"}]");

            HttpResponse<String> yaml = get(server, "long", "/config/tenant/v1/limits");
            assertThat(yaml.statusCode()).isEqualTo(200);
            assertThat(yaml.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(yaml.body()).contains("retention_period: 90d").contains("max_query_length: 15d");
            assertThat(get(server, "bad/tenant", "/loki/api/v1/drilldown-limits").statusCode()).isEqualTo(400);
        }
    }

    HttpResponse<String> get(PanoptesServer server, String tenant, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("X-Scope-OrgID", tenant).build(), BodyHandlers.ofString());
    }
}
