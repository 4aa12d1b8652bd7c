package dev.panoptes.wire.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.loki.LokiPushSink;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpLogsTranslatorTest {

    static final long RECEIVED = 1_700_000_000_123_456_789L;

    /** What the sink saw: streams, entries and rejections in order. */
    record Seen(List<String> events, List<Entry> entries) {
        record Entry(Labels stream, long time, String line, Labels metadata) {
        }
    }

    static Seen translate(OtlpLogsTranslator.Options options, ExportLogsServiceRequest request) {
        List<String> events = new ArrayList<>();
        List<Seen.Entry> entries = new ArrayList<>();
        new OtlpLogsTranslator(options).translate(request, new LokiPushSink() {
            Labels stream;

            @Override
            public void stream(Labels labels) {
                stream = labels;
                events.add("stream " + labels);
            }

            @Override
            public void entry(long timestampNanos, String line, Labels structuredMetadata) {
                entries.add(new Seen.Entry(stream, timestampNanos, line, structuredMetadata));
            }

            @Override
            public void rejectStream(String reason, int count, long lineBytes) {
                events.add("reject " + count + ": " + reason);
            }
        }, RECEIVED);
        return new Seen(events, entries);
    }

    static Seen translate(ExportLogsServiceRequest request) {
        return translate(OtlpLogsTranslator.Options.defaults(), request);
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static KeyValue kv(String key, String value) {
        return kv(key, str(value));
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static ExportLogsServiceRequest request(List<KeyValue> resource, InstrumentationScope scope, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope).addAllLogRecords(List.of(records)))).build();
    }

    static LogRecord.Builder record(String body) {
        return LogRecord.newBuilder().setTimeUnixNano(1_000).setBody(str(body));
    }

    static Seen.Entry only(Seen seen) {
        assertThat(seen.entries()).hasSize(1);
        return seen.entries().get(0);
    }

    @Test
    void defaultResourceAttributesBecomeStreamLabelsAndTheRestStructuredMetadata() {
        byte[] trace = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
        byte[] span = HexFormat.of().parseHex("b7ad6b7169203331");
        Seen seen = translate(request(
                List.of(kv("service.name", "checkout"), kv("k8s.namespace.name", "shop"), kv("deployment.environment.name", "prod"),
                        kv("cloud.region", "eu-west-1"), kv("host.name", "node-7"), kv("process.pid", AnyValue.newBuilder().setIntValue(42).build())),
                InstrumentationScope.newBuilder().setName("com.example.Cart").setVersion("1.2").addAttributes(kv("scope.attr", "s")).build(),
                record("order placed").setSeverityText("WARN").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                        .setObservedTimeUnixNano(2_000).setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
                        .setFlags(1).setDroppedAttributesCount(2).setEventName("order.placed")
                        .addAttributes(kv("http.method", "POST")).addAttributes(kv("user..id", "u-1")).build()));
        Seen.Entry entry = only(seen);
        assertThat(entry.stream()).isEqualTo(Labels.of("service_name", "checkout", "k8s_namespace_name", "shop",
                "deployment_environment_name", "prod", "cloud_region", "eu-west-1"));
        assertThat(entry.line()).isEqualTo("order placed");
        assertThat(entry.time()).isEqualTo(1_000);
        assertThat(entry.metadata()).isEqualTo(Labels.of(
                "host_name", "node-7", "process_pid", "42",
                "scope_attr", "s", "scope_name", "com.example.Cart", "scope_version", "1.2",
                "http_method", "POST", "user_id", "u-1",
                "severity_text", "WARN", "severity_number", "13",
                "trace_id", "0af7651916cd43dd8448eb211c80319c", "span_id", "b7ad6b7169203331",
                "flags", "1", "dropped_attributes_count", "2", "event_name", "order.placed", "observed_timestamp", "2000"));
    }

    @Test
    void aResourceWithoutServiceNameTakesADiscoveredLabelOrUnknownService() {
        Seen noName = translate(request(List.of(kv("k8s.pod.name", "pod-1")), InstrumentationScope.getDefaultInstance(), record("x").build()));
        assertThat(only(noName).stream()).isEqualTo(Labels.of("k8s_pod_name", "pod-1", "service_name", "unknown_service"));

        Seen container = translate(request(List.of(kv("k8s.container.name", "cart"), kv("k8s.job.name", "nightly")),
                InstrumentationScope.getDefaultInstance(), record("x").build()));
        assertThat(only(container).stream().get("service_name")).isEqualTo("cart");

        Seen emptyName = translate(request(List.of(kv("service.name", "")), InstrumentationScope.getDefaultInstance(), record("x").build()));
        assertThat(only(emptyName).stream()).isEqualTo(Labels.of("service_name", "unknown_service"));
    }

    @Test
    void theIndexLabelListIsConfigurable() {
        OtlpLogsTranslator.Options options = new OtlpLogsTranslator.Options(List.of("host.name"), List.of(), true);
        Seen seen = translate(options, request(List.of(kv("service.name", "api"), kv("host.name", "n1")), InstrumentationScope.getDefaultInstance(),
                record("a").setSeverityText("error").build(), record("b").build()));
        assertThat(seen.entries()).extracting(Seen.Entry::stream).containsExactly(
                Labels.of("host_name", "n1", "severity_text", "error"), Labels.of("host_name", "n1"));
        assertThat(seen.entries().get(1).metadata().get("service_name")).isEqualTo("api");
        assertThat(seen.events()).containsExactly("stream {host_name=\"n1\", severity_text=\"error\"}", "stream {host_name=\"n1\"}");
    }

    @Test
    void recordsWithoutAnyStreamLabelAreRejected() {
        OtlpLogsTranslator.Options options = new OtlpLogsTranslator.Options(List.of(), List.of(), false);
        Seen seen = translate(options, request(List.of(kv("host.name", "n1")), InstrumentationScope.getDefaultInstance(),
                record("a").build(), record("b").build()));
        assertThat(seen.entries()).isEmpty();
        assertThat(seen.events()).containsExactly("reject 2: resource_logs[0]: error at least one label pair is required per stream");
    }

    @Test
    void bodiesOfEveryKindRenderAsLokiStoresThem() {
        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("z", AnyValue.newBuilder().setIntValue(1).build()))
                .addValues(kv("a", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setBoolValue(true)).addValues(AnyValue.newBuilder().setDoubleValue(0.5))
                        .addValues(AnyValue.getDefaultInstance()).addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")))).build()))
                .addValues(kv("msg", "quote \" tab\t <b>&\u0001 \u2028"))).build();
        assertThat(bodyLine(str("plain text"))).isEqualTo("plain text");
        assertThat(bodyLine(AnyValue.newBuilder().setBoolValue(false).build())).isEqualTo("false");
        assertThat(bodyLine(AnyValue.newBuilder().setIntValue(-12).build())).isEqualTo("-12");
        assertThat(bodyLine(AnyValue.newBuilder().setDoubleValue(3.25).build())).isEqualTo("3.25");
        assertThat(bodyLine(AnyValue.newBuilder().setDoubleValue(Double.NaN).build())).isEqualTo("NaN");
        assertThat(bodyLine(AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build())).isEqualTo("-Infinity");
        assertThat(bodyLine(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xFF})).build())).isEqualTo("AQL/");
        assertThat(bodyLine(AnyValue.getDefaultInstance())).isEmpty();
        assertThat(bodyLine(map)).isEqualTo("{\"a\":[true,0.5,null,\"aGk=\"],\"msg\":\"quote \\\" tab\\t <b>&\\u0001 \\u2028\",\"z\":1}");
        assertThat(bodyLine(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("x"))
                .addValues(AnyValue.newBuilder().setKvlistValue(KeyValueList.getDefaultInstance()))).build())).isEqualTo("[\"x\",{}]");
        // JSON has no NaN: a structured body holding one renders as nothing, as in Loki.
        assertThat(bodyLine(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setDoubleValue(Double.NaN))).build())).isEmpty();
    }

    private static String bodyLine(AnyValue body) {
        return only(translate(request(List.of(kv("service.name", "s")), InstrumentationScope.getDefaultInstance(),
                LogRecord.newBuilder().setTimeUnixNano(1).setBody(body).build()))).line();
    }

    @Test
    void doublesUseTheShortestDigitsInJavaScriptNotation() {
        assertThat(AnyValueText.number(1.0)).isEqualTo("1");
        assertThat(AnyValueText.number(-0.0)).isEqualTo("-0");
        assertThat(AnyValueText.number(0.1)).isEqualTo("0.1");
        assertThat(AnyValueText.number(100)).isEqualTo("100");
        assertThat(AnyValueText.number(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(AnyValueText.number(1e-6)).isEqualTo("0.000001");
        assertThat(AnyValueText.number(1e21)).isEqualTo("1e+21");
        assertThat(AnyValueText.number(-2.5e300)).isEqualTo("-2.5e+300");
        assertThat(AnyValueText.number(123456789012345680000.0)).isEqualTo("123456789012345680000");
    }

    @Test
    void keyValueListAttributesAreFlattenedAndNamesNormalised() {
        AnyValue request = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("method", "GET"))
                .addValues(kv("header", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("x-id", "7"))).build()))).build();
        Seen seen = translate(request(List.of(kv("service.name", "s")), InstrumentationScope.getDefaultInstance(),
                record("x").addAttributes(kv("http.request", request)).addAttributes(kv("9lives", "yes"))
                        .addAttributes(kv("__meta__", "m")).addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(str("a")).addValues(AnyValue.newBuilder().setIntValue(2))).build())).build()));
        assertThat(only(seen).metadata()).isEqualTo(Labels.of("http_request_method", "GET", "http_request_header_x_id", "7",
                "key_9lives", "yes", "__meta__", "m", "tags", "[\"a\",2]"));
        assertThat(LokiAttributeNames.of("k8s.pod..name")).isEqualTo("k8s_pod_name");
        assertThat(LokiAttributeNames.of("naïve")).isEqualTo("na_ve");
        assertThat(LokiAttributeNames.of("_private")).isEqualTo("_private");
        assertThat(LokiAttributeNames.of("...")).isNull();
        assertThat(LokiAttributeNames.of("")).isNull();
    }

    @Test
    void laterSourcesWinOnRepeatedNamesAsInLoki() {
        Seen seen = translate(request(List.of(kv("service.name", "s"), kv("team", "resource")),
                InstrumentationScope.newBuilder().addAttributes(kv("team", "scope")).build(),
                record("x").addAttributes(kv("team", "record")).addAttributes(kv("env", "record")).build()));
        assertThat(only(seen).metadata()).isEqualTo(Labels.of("team", "scope", "env", "record"));
    }

    @Test
    void timestampsFallBackToObservedTimeThenReceiveTime() {
        Seen seen = translate(request(List.of(kv("service.name", "s")), InstrumentationScope.getDefaultInstance(),
                LogRecord.newBuilder().setTimeUnixNano(5).setObservedTimeUnixNano(9).build(),
                LogRecord.newBuilder().setObservedTimeUnixNano(9).build(),
                LogRecord.newBuilder().build()));
        assertThat(seen.entries()).extracting(Seen.Entry::time).containsExactly(5L, 9L, RECEIVED);
        // Only a record with both times keeps the observed one aside.
        assertThat(seen.entries()).extracting(e -> e.metadata().get("observed_timestamp")).containsExactly("9", "", "");
    }

    @Test
    void aBadRecordIsRejectedAloneAndABadResourceWithItsRecords() {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(Resource.newBuilder().addAttributes(kv("service.name", "good")))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(record("short trace").setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3})))
                                .addLogRecords(record("bad key").addAttributes(kv("___", "v")))
                                .addLogRecords(record("kept"))))
                .addResourceLogs(ResourceLogs.newBuilder().setResource(Resource.newBuilder().addAttributes(kv("", "v")))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record("one")).addLogRecords(record("two"))))
                .build();
        Seen seen = translate(request);
        assertThat(seen.entries()).extracting(Seen.Entry::line).containsExactly("kept");
        assertThat(seen.events()).containsExactly(
                "reject 1: resource_logs[0].scope_logs[0].log_records[0]: trace_id has 3 bytes, not 16",
                "reject 1: resource_logs[0].scope_logs[0].log_records[1]: log attribute '___' has no valid name (empty, or underscores only once normalised)",
                "stream {service_name=\"good\"}",
                "reject 2: resource_logs[1]: resource attribute '' has no valid name (empty, or underscores only once normalised)");
    }

    @Test
    void allZeroIdsAreAbsent() {
        Seen seen = translate(request(List.of(kv("service.name", "s")), InstrumentationScope.getDefaultInstance(),
                record("x").setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])).build()));
        assertThat(only(seen).metadata().has("trace_id")).isFalse();
        assertThat(only(seen).metadata().has("span_id")).isFalse();
    }

    @Test
    void jsonRequestsTakeHexIds() throws Exception {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
                 "scopeLogs":[{"scope":{"name":"lib"},"logRecords":[{"timeUnixNano":"1700000000000000001","severityNumber":9,
                 "severityText":"INFO","body":{"stringValue":"hello"},"traceId":"5b8efff798038103d269b633813fc60c",
                 "spanId":"eee19b7ec3c1b174","attributes":[{"key":"n","value":{"intValue":"3"}}],"unknownField":1}]}]}]}
                """;
        Seen.Entry entry = only(translate(OtlpJson.parseLogs(json)));
        assertThat(entry.time()).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(entry.line()).isEqualTo("hello");
        assertThat(entry.metadata().get("trace_id")).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(entry.metadata().get("span_id")).isEqualTo("eee19b7ec3c1b174");
        assertThat(entry.metadata().get("n")).isEqualTo("3");
    }
}
