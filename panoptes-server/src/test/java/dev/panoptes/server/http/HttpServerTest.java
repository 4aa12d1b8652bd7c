package dev.panoptes.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.server.PanoptesServer;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import dev.panoptes.server.config.TenancySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP edge of a real server, in process. Each configuration starts one server for its tests. */
class HttpServerTest {

    /** A tenant-scoped route that answers with the tenant it was given. */
    private static final HttpRoutes TEST_ROUTES = sb -> {
        sb.service("/api/v1/echo-tenant",
                (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, req.headers().get(TenantResolver.HEADER)));
        sb.service("/api/v1/metered", (ctx, req) -> HttpResponse.of(HttpStatus.OK));
    };

    private static final HttpClient client = HttpClient.newHttpClient();

    /** One running server and the requests tests send to it. */
    abstract static class RunningServer {
        PanoptesServer server;

        abstract TenancySettings tenancy();

        @BeforeAll
        void start() throws Exception {
            Path dataDir = Files.createTempDirectory("panoptes-http-test");
            PanoptesConfig config = new PanoptesConfig(dataDir, new ServerSettings(null, 0, null, null, null), tenancy()).withOtlp(OtlpSettings.closed());
            server = PanoptesServer.start(config, List.of(TEST_ROUTES));
        }

        @AfterAll
        void stop() {
            server.close();
        }

        java.net.http.HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return client.send(request.build(), BodyHandlers.ofString());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutAuthentication extends RunningServer {

        @Override
        TenancySettings tenancy() {
            return new TenancySettings(false, "fake");
        }

        @Test
        void readyAndHealthyAnswer200() throws Exception {
            assertThat(get("/-/ready").statusCode()).isEqualTo(200);
            assertThat(get("/-/ready").body()).isEqualTo("Panoptes is Ready.\n");
            assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
            assertThat(server.isReady()).isTrue();
        }

        @Test
        void metricsExposeJvmProcessAndPerRouteRequestMetrics() throws Exception {
            get("/api/v1/metered");
            get("/api/v1/metered");
            get("/api/v1/metered", "X-Scope-OrgID", "bad/tenant");
            get("/no/such/path/123");

            var response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("# TYPE panoptes_http_requests_total counter")
                    .contains("panoptes_http_requests_total{code=\"200\",handler=\"/api/v1/metered\",method=\"GET\"} 2.0")
                    .contains("panoptes_http_requests_total{code=\"400\",handler=\"/api/v1/metered\",method=\"GET\"} 1.0")
                    .contains("panoptes_http_requests_total{code=\"404\",handler=\"other\",method=\"GET\"} 1.0")
                    .contains("panoptes_http_request_duration_seconds_bucket{handler=\"/api/v1/metered\",method=\"GET\",le=\"+Inf\"} 3")
                    .contains("panoptes_http_request_duration_seconds_count{handler=\"/api/v1/metered\",method=\"GET\"} 3")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_current")
                    .contains("process_cpu_seconds_total")
                    .doesNotContain("/no/such/path");
        }

        @Test
        void metricsSpeakOpenMetricsWhenAsked() throws Exception {
            var response = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
            assertThat(response.body()).endsWith("# EOF\n");
        }

        @Test
        void buildInfoHasPrometheusShape() throws Exception {
            var response = get("/api/v1/status/buildinfo");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode json = new ObjectMapper().readTree(response.body());
            assertThat(json.get("status").asText()).isEqualTo("success");
            List<String> keys = new ArrayList<>();
            for (Iterator<String> names = json.get("data").fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            assertThat(keys).containsExactly("version", "revision", "branch", "buildUser", "buildDate", "goVersion");
            assertThat(json.get("data").get("version").asText()).isEqualTo(BuildInfo.current().version()).isNotEqualTo("unknown");
        }

        @Test
        void lokiClientsFindBuildInfoInLokisShapeAndTheReadyPath() throws Exception {
            var response = get("/loki/api/v1/status/buildinfo");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(response.body());
            List<String> keys = new ArrayList<>();
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            assertThat(keys).as("no status envelope").containsExactly("version", "revision", "branch", "buildUser", "buildDate", "goVersion");
            assertThat(json.get("version").asText()).isEqualTo(BuildInfo.current().version());
            var ready = get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready\n");
        }

        @Test
        void requestWithoutTenantHeaderGoesToTheDefaultTenant() throws Exception {
            var response = get("/api/v1/echo-tenant");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("fake");
        }

        @Test
        void validTenantHeaderIsPassedOn() throws Exception {
            assertThat(get("/api/v1/echo-tenant", "X-Scope-OrgID", "team-a").body()).isEqualTo("team-a");
        }

        @Test
        void invalidTenantHeaderIs400SayingWhy() throws Exception {
            var slash = get("/api/v1/echo-tenant", "X-Scope-OrgID", "../etc");
            assertThat(slash.statusCode()).isEqualTo(400);
            assertThat(slash.body()).contains("unsupported character '/'");

            var empty = get("/api/v1/echo-tenant", "X-Scope-OrgID", "");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("tenant ID is empty");

            var tooLong = get("/api/v1/echo-tenant", "X-Scope-OrgID", "t".repeat(151));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("too long");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithAuthentication extends RunningServer {

        @Override
        TenancySettings tenancy() {
            return new TenancySettings(true, null);
        }

        @Test
        void missingTenantIs401ButOperationalEndpointsStillAnswer() throws Exception {
            var missing = get("/api/v1/echo-tenant");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).contains("no org id");
            assertThat(get("/api/v1/echo-tenant", "X-Scope-OrgID", "t1").body()).isEqualTo("t1");

            assertThat(get("/-/ready").statusCode()).isEqualTo(200);
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
            assertThat(get("/api/v1/status/buildinfo").statusCode()).isEqualTo(200);
        }
    }
}
