package dev.panoptes.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.store.EntryBuffer;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.wire.otlp.OtlpLogsTranslator;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP logs from the OpenTelemetry Java SDK and from hand-made requests, over HTTP and gRPC, down to the store. */
class OtlpLogsServiceTest {

    static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";

    @TempDir
    Path dir;

    /** Exports through the SDK: one record in a span's context, one without a time with a map body. */
    private static void export(LogRecordExporter exporter, String service) {
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder().put("service.name", service)
                        .put("deployment.environment.name", "prod").put("k8s.namespace.name", "shop").put("host.name", "node-7").build())))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).setScheduleDelay(Duration.ofHours(1)).build())
                .build();
        try {
            Logger logger = provider.loggerBuilder("com.example.cart").setInstrumentationVersion("1.2.3").build();
            Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
            logger.logRecordBuilder().setContext(Context.root().with(span)).setTimestamp(Instant.now())
                    .setSeverity(Severity.WARN).setSeverityText("WARN").setBody("order placed")
                    .setAttribute(AttributeKey.stringKey("order.id"), "o-17").setAttribute(AttributeKey.longKey("items"), 3L)
                    .setEventName("order.placed").emit();
            logger.logRecordBuilder().setSeverity(Severity.DEBUG)
                    .setBody(Value.of(Map.of("cart", Value.of("c-9"), "total", Value.of(12.5)))).emit();
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as(service).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static void assertExported(OtlpLogsTestServer server, TenantId tenant, String service, long sentAfterNanos) {
        List<LogReader.StreamEntries> streams = server.select(tenant, "service_name", service);
        assertThat(streams).singleElement().satisfies(stream -> {
            assertThat(stream.labels()).isEqualTo(Labels.of("service_name", service, "deployment_environment_name", "prod",
                    "k8s_namespace_name", "shop"));
            EntryBuffer entries = stream.entries();
            assertThat(entries.size()).isEqualTo(2);
            int warn = entries.line(0).equals("order placed") ? 0 : 1;
            int debug = 1 - warn;
            Labels metadata = entries.metadata(warn);
            assertThat(metadata.get("trace_id")).isEqualTo(TRACE_ID);
            assertThat(metadata.get("span_id")).isEqualTo(SPAN_ID);
            assertThat(metadata.get("flags")).isEqualTo("1");
            assertThat(metadata.get("severity_text")).isEqualTo("WARN");
            assertThat(metadata.get("severity_number")).isEqualTo("13");
            assertThat(metadata.get("detected_level")).isEqualTo("warn");
            assertThat(metadata.get("order_id")).isEqualTo("o-17");
            assertThat(metadata.get("items")).isEqualTo("3");
            assertThat(metadata.get("event_name")).isEqualTo("order.placed");
            assertThat(metadata.get("host_name")).isEqualTo("node-7");
            assertThat(metadata.get("telemetry_sdk_language")).isEqualTo("java");
            assertThat(metadata.get("scope_name")).isEqualTo("com.example.cart");
            assertThat(metadata.get("scope_version")).isEqualTo("1.2.3");
            assertThat(Long.parseLong(metadata.get("observed_timestamp"))).isGreaterThanOrEqualTo(sentAfterNanos);
            assertThat(entries.time(warn)).isGreaterThanOrEqualTo(sentAfterNanos);

            assertThat(entries.line(debug)).isEqualTo("{\"cart\":\"c-9\",\"total\":12.5}");
            assertThat(entries.metadata(debug).get("detected_level")).isEqualTo("debug");
            assertThat(entries.metadata(debug).has("trace_id")).isFalse();
            // No record time: the SDK's observed time is the entry's time.
            assertThat(entries.time(debug)).isGreaterThanOrEqualTo(sentAfterNanos);
            assertThat(entries.metadata(debug).has("observed_timestamp")).isFalse();
        });
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Test
    void theSdkExportsOverHttpAndGrpcWithLabelsMetadataAndTraceIds() throws Exception {
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir)) {
            long before = nowNanos();
            export(OtlpHttpLogRecordExporter.builder().setEndpoint(server.uri() + "/v1/logs").build(), "over-http");
            export(OtlpHttpLogRecordExporter.builder().setEndpoint(server.uri() + "/otlp/v1/logs").setCompression("gzip").build(), "over-loki-path");
            export(OtlpGrpcLogRecordExporter.builder().setEndpoint(server.uri()).build(), "over-grpc");
            assertExported(server, OtlpLogsTestServer.TENANT, "over-http", before);
            assertExported(server, OtlpLogsTestServer.TENANT, "over-loki-path", before);
            assertExported(server, OtlpLogsTestServer.TENANT, "over-grpc", before);
        }
    }

    @Test
    void theTenantComesFromXScopeOrgIdOnBothTransports() throws Exception {
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir)) {
            long before = nowNanos();
            TenantId other = TenantId.of("tenant-b");
            export(OtlpHttpLogRecordExporter.builder().setEndpoint(server.uri() + "/v1/logs").addHeader("X-Scope-OrgID", "tenant-b").build(), "h");
            export(OtlpGrpcLogRecordExporter.builder().setEndpoint(server.uri()).addHeader("X-Scope-OrgID", "tenant-b").build(), "g");
            assertExported(server, other, "h", before);
            assertExported(server, other, "g", before);
            assertThat(server.select(OtlpLogsTestServer.TENANT, "service_name", "h")).isEmpty();
            assertThat(server.select(OtlpLogsTestServer.TENANT, "service_name", "g")).isEmpty();
        }
    }

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static LogRecord record(long timeNanos, String line) {
        return LogRecord.newBuilder().setTimeUnixNano(timeNanos).setBody(AnyValue.newBuilder().setStringValue(line)).build();
    }

    static ExportLogsServiceRequest request(String service, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records)))).build();
    }

    static List<String> lines(OtlpLogsTestServer server, String service) {
        List<String> lines = new java.util.ArrayList<>();
        for (LogReader.StreamEntries stream : server.select(OtlpLogsTestServer.TENANT, "service_name", service)) {
            for (int i = 0; i < stream.entries().size(); i++) {
                lines.add(stream.entries().line(i));
            }
        }
        return lines;
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void refusedRecordsAreAPartialSuccessAndTheOthersAreStored() throws Exception {
        LogLimits limits = new LogLimits(null, null, new dev.panoptes.core.config.ByteSize(100), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir, limits, OtlpLogsTranslator.Options.defaults())) {
            long now = nowNanos();
            long old = now - Duration.ofDays(8).toNanos();
            ExportLogsServiceRequest export = request("shop", record(old, "too old"), record(now, "x".repeat(200)), record(now, "kept"),
                    LogRecord.newBuilder(record(now, "bad span")).setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[3])).build());

            AggregatedHttpResponse http = server.post("/v1/logs", PROTOBUF, export.toByteArray());
            assertThat(http.status().code()).isEqualTo(200);
            ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(http.content().array());
            assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(3);
            assertThat(response.getPartialSuccess().getErrorMessage()).contains("has timestamp too old")
                    .contains("max entry size '100' bytes exceeded").contains("span_id has 3 bytes, not 8");
            assertThat(lines(server, "shop")).containsExactly("kept");

            ExportLogsServiceResponse grpc = GrpcClients.newClient(server.uri(), LogsServiceGrpc.LogsServiceBlockingStub.class).export(export);
            assertThat(grpc.getPartialSuccess().getRejectedLogRecords()).isEqualTo(3);
            // The same record again (same time, line and metadata) is stored once, as Loki stores a re-sent entry.
            assertThat(lines(server, "shop")).containsExactly("kept");
            ExportLogsServiceRequest later = request("shop", record(now + 1, "kept"));
            GrpcClients.newClient(server.uri(), LogsServiceGrpc.LogsServiceBlockingStub.class).export(later);
            assertThat(lines(server, "shop")).containsExactly("kept", "kept");
        }
    }

    @Test
    void aFullySuccessfulExportHasNoPartialSuccess() throws Exception {
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir)) {
            AggregatedHttpResponse http = server.post("/v1/logs", PROTOBUF, request("ok", record(nowNanos(), "fine")).toByteArray());
            assertThat(http.status().code()).isEqualTo(200);
            assertThat(http.contentType().is(PROTOBUF)).isTrue();
            assertThat(ExportLogsServiceResponse.parseFrom(http.content().array()).hasPartialSuccess()).isFalse();
        }
    }

    @Test
    void gzippedJsonIsAnsweredInJson() throws Exception {
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir)) {
            long now = nowNanos();
            String json = """
                    {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
                     "scopeLogs":[{"logRecords":[
                       {"timeUnixNano":"%d","body":{"stringValue":"from json"},"traceId":"%s","spanId":"%s"},
                       {"timeUnixNano":"1","body":{"stringValue":"ancient"}}]}]}]}
                    """.formatted(now, TRACE_ID, SPAN_ID);
            AggregatedHttpResponse http = server.post("/otlp/v1/logs", MediaType.JSON, gzip(json.getBytes(StandardCharsets.UTF_8)),
                    "Content-Encoding", "gzip");
            assertThat(http.status().code()).isEqualTo(200);
            assertThat(http.contentType().is(MediaType.JSON)).isTrue();
            ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
            JsonFormat.parser().merge(http.contentUtf8(), response);
            assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
            LogReader.StreamEntries stream = server.select(OtlpLogsTestServer.TENANT, "service_name", "json-svc").get(0);
            assertThat(stream.entries().line(0)).isEqualTo("from json");
            assertThat(stream.entries().time(0)).isEqualTo(now);
            assertThat(stream.entries().metadata(0).get("trace_id")).isEqualTo(TRACE_ID);
        }
    }

    @Test
    void malformedBodiesGet400WithAClearMessageAndTheServerKeepsWorking() throws Exception {
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir)) {
            AggregatedHttpResponse badProto = server.post("/v1/logs", PROTOBUF, new byte[] {0x0A, 0x7F, 1});
            assertThat(badProto.status().code()).isEqualTo(400);
            Status status = Status.parseFrom(badProto.content().array());
            assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
            assertThat(status.getMessage()).startsWith("body is not a valid OTLP protobuf ExportLogsServiceRequest: ");

            AggregatedHttpResponse badJson = server.post("/v1/logs", MediaType.JSON, "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8));
            assertThat(badJson.status().code()).isEqualTo(400);
            assertThat(badJson.contentUtf8()).contains("\"code\":3").contains("body is not a valid OTLP JSON ExportLogsServiceRequest: not JSON");

            AggregatedHttpResponse wrongShape = server.post("/v1/logs", MediaType.JSON, "{\"resourceLogs\":{}}".getBytes(StandardCharsets.UTF_8));
            assertThat(wrongShape.status().code()).isEqualTo(400);
            assertThat(wrongShape.contentUtf8()).contains("Expected an array for resource_logs");

            AggregatedHttpResponse badGzip = server.post("/v1/logs", PROTOBUF, new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
            assertThat(badGzip.status().code()).isEqualTo(400);
            assertThat(Status.parseFrom(badGzip.content().array()).getMessage()).startsWith("body is not valid gzip");

            AggregatedHttpResponse badType = server.post("/v1/logs", MediaType.PLAIN_TEXT, new byte[] {1});
            assertThat(badType.status().code()).isEqualTo(415);
            assertThat(Status.parseFrom(badType.content().array()).getMessage()).contains("unsupported Content-Type");
            assertThat(server.post("/v1/logs", PROTOBUF, new byte[] {1}, "Content-Encoding", "br").status().code()).isEqualTo(415);

            // A gRPC frame whose message is not a valid ExportLogsServiceRequest.
            AggregatedHttpResponse badGrpc = server.post("/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                    MediaType.create("application", "grpc"), new byte[] {0, 0, 0, 0, 3, 0x0A, 0x7F, 1}, "te", "trailers");
            var grpcTrailers = badGrpc.trailers().contains("grpc-status") ? badGrpc.trailers() : badGrpc.headers();
            // INTERNAL, gRPC's code for a message that does not deserialise; OTLP clients do not retry it.
            assertThat(grpcTrailers.get("grpc-status")).isEqualTo("13");
            assertThat(grpcTrailers.get("grpc-message")).isEqualTo("Invalid protobuf byte sequence");

            assertThat(server.post("/v1/logs", PROTOBUF, request("after", record(nowNanos(), "still here")).toByteArray()).status().code())
                    .isEqualTo(200);
            assertThat(lines(server, "after")).containsExactly("still here");
        }
    }

    @Test
    void overTheIngestionRateNothingIsStoredAndTheClientIsToldToRetry() throws Exception {
        // About 10 bytes a second and 1 KiB at once, shared with Loki push.
        LogLimits limits = new LogLimits(0.00001, 0.001, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir, limits, OtlpLogsTranslator.Options.defaults())) {
            long now = nowNanos();
            assertThat(server.post("/v1/logs", PROTOBUF, request("a", record(now, "x".repeat(600))).toByteArray()).status().code()).isEqualTo(200);
            byte[] loki = ("{\"streams\":[{\"stream\":{\"service_name\":\"a\"},\"values\":[[\"" + now + "\",\"" + "y".repeat(600) + "\"]]}]}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, loki).status().code()).isEqualTo(429);

            AggregatedHttpResponse http = server.post("/v1/logs", PROTOBUF, request("a", record(now, "z".repeat(600))).toByteArray());
            assertThat(http.status().code()).isEqualTo(429);
            assertThat(Status.parseFrom(http.content().array()).getMessage())
                    .startsWith("Ingestion rate limit exceeded for user tenant-a (limit: 10 bytes/sec)");
            assertThatThrownBy(() -> GrpcClients.newClient(server.uri(), LogsServiceGrpc.LogsServiceBlockingStub.class)
                    .export(request("a", record(now, "w".repeat(600)))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).startsWith("Ingestion rate limit exceeded for user tenant-a");
                    });
            assertThat(lines(server, "a")).containsExactly("x".repeat(600));
        }
    }

    @Test
    void newStreamsOverTheStreamLimitAreRefusedRecordsAndOthersStored() throws Exception {
        LogLimits limits = new LogLimits(null, null, null, null, null, null, null, 1, null, null, null, null, null, null, null, null, null, null, null, null, null);
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir, limits, OtlpLogsTranslator.Options.defaults())) {
            long now = nowNanos();
            ExportLogsServiceRequest export = request("first", record(now, "one")).toBuilder()
                    .addAllResourceLogs(request("second", record(now, "two"), record(now, "three")).getResourceLogsList()).build();
            AggregatedHttpResponse http = server.post("/v1/logs", PROTOBUF, export.toByteArray());
            assertThat(http.status().code()).isEqualTo(200);
            ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(http.content().array());
            assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
            assertThat(response.getPartialSuccess().getErrorMessage())
                    .contains("Maximum active stream limit exceeded when trying to create stream {service_name=\"second\"}");
            assertThat(lines(server, "first")).containsExactly("one");
            assertThat(lines(server, "second")).isEmpty();
        }
    }

    @Test
    void theAttributeToLabelListIsConfigurable() throws Exception {
        OtlpLogsTranslator.Options mapping = new OtlpLogsTranslator.Options(List.of("service.name", "team"), List.of(), false);
        try (OtlpLogsTestServer server = new OtlpLogsTestServer(dir, LogLimits.defaults(), mapping)) {
            ExportLogsServiceRequest export = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(kv("service.name", "svc"))
                            .addAttributes(kv("team", "payments")).addAttributes(kv("k8s.pod.name", "p-1")))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record(nowNanos(), "hello")))).build();
            assertThat(server.post("/v1/logs", PROTOBUF, export.toByteArray()).status().code()).isEqualTo(200);
            LogReader.StreamEntries stream = server.select(OtlpLogsTestServer.TENANT, "team", "payments").get(0);
            assertThat(stream.labels()).isEqualTo(Labels.of("service_name", "svc", "team", "payments"));
            assertThat(stream.entries().metadata(0).get("k8s_pod_name")).isEqualTo("p-1");
        }
    }
}
