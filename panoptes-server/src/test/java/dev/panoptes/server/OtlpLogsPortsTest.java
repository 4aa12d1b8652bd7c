package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP logs from the OpenTelemetry SDK on the standard ports and the main port, read back through the Loki query API. */
class OtlpLogsPortsTest {

    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    static final String SPAN_ID = "eee19b7ec3c1b174";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void export(LogRecordExporter exporter, String service, String line) {
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.builder().put("service.name", service).put("k8s.pod.name", "pod-1").put("host.name", "n1").build()))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).setScheduleDelay(Duration.ofHours(1)).build())
                .build();
        try {
            Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
            provider.get("orders").logRecordBuilder().setContext(Context.root().with(span)).setTimestamp(Instant.now())
                    .setSeverity(Severity.ERROR).setBody(line).emit();
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as(service).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private String query(int port, String tenant, String logql) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loki/api/v1/query_range?start=" + (now - 3600)
                + "&end=" + (now + 60) + "&query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8))).header("X-Scope-OrgID", tenant).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theSdkExportsLogsOverGrpcAndHttpPortsAndTheMainPort() throws Exception {
        int grpc = freePort();
        int httpPort = freePort();
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dir).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(new OtlpSettings(grpc, httpPort)).withScrapeConfigs(List.of());
        try (PanoptesServer server = PanoptesServer.start(config)) {
            export(OtlpGrpcLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + grpc).addHeader("X-Scope-OrgID", "team-a").build(),
                    "orders-grpc", "payment failed over grpc");
            export(OtlpHttpLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + httpPort + "/v1/logs").addHeader("X-Scope-OrgID", "team-a")
                    .build(), "orders-http", "payment failed over http");
            export(OtlpHttpLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + server.httpPort() + "/otlp/v1/logs")
                    .addHeader("X-Scope-OrgID", "team-a").build(), "orders-main", "payment failed on the main port");

            String body = query(server.httpPort(), "team-a", "{k8s_pod_name=\"pod-1\"} |= \"payment failed\"");
            assertThat(body).contains("payment failed over grpc").contains("payment failed over http").contains("payment failed on the main port")
                    .contains("\"service_name\":\"orders-grpc\"").contains("\"service_name\":\"orders-http\"")
                    .contains("\"trace_id\":\"" + TRACE_ID + "\"").contains("\"span_id\":\"" + SPAN_ID + "\"")
                    .contains("\"detected_level\":\"error\"").contains("\"host_name\":\"n1\"");
            assertThat(query(server.httpPort(), "team-b", "{k8s_pod_name=\"pod-1\"}")).doesNotContain("payment failed");
        }
    }

    @Test
    void theLogsOtlpSectionReadsLokisKeyNames() throws Exception {
        PanoptesConfig config = new YamlConfigLoader().parse("""
                logs:
                  otlp:
                    default_resource_attributes_as_index_labels: [service.name, team]
                    discover_service_name: []
                    severity_text_as_label: true
                """, "test", PanoptesConfig.class);
        assertThat(config.logs().otlp().options().indexLabelAttributes()).containsExactly("service.name", "team");
        assertThat(config.logs().otlp().options().discoverServiceName()).isEmpty();
        assertThat(config.logs().otlp().options().severityTextAsLabel()).isTrue();
        assertThat(PanoptesConfig.defaults().logs().otlp().options().indexLabelAttributes()).contains("service.name", "k8s.pod.name", "cloud.region");
    }
}
