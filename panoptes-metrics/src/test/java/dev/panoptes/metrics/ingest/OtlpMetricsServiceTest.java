package dev.panoptes.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.MetricType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry Java SDK exporting over OTLP/HTTP: names, labels and values as the compatibility specification says. */
class OtlpMetricsServiceTest {

    private final InMemoryStorage storage = new InMemoryStorage();
    private final OtlpMetricsReceiver receiver = new OtlpMetricsReceiver(t -> storage);
    private Server server;

    @BeforeEach
    void start() {
        OtlpMetricsService service = new OtlpMetricsService(receiver);
        server = Server.builder().http(0)
                .decorator((delegate, ctx, req) -> delegate.serve(ctx, req.withHeaders(req.headers().toBuilder().set("X-Scope-OrgID", "t1").build())))
                .service("/v1/metrics", service).build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    private Map<Labels, List<InMemoryStorage.Sample>> series() {
        return storage.dump();
    }

    private List<InMemoryStorage.Sample> samples(String... labels) {
        return series().getOrDefault(Labels.of(labels), List.of());
    }

    @Test
    void theSdkExportsCountersGaugesHistogramsAndExponentialHistograms() {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("service.namespace"), "shop",
                AttributeKey.stringKey("service.instance.id"), "i-1", AttributeKey.stringKey("deployment.environment"), "test")));
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(resource)
                .registerView(InstrumentSelector.builder().setName("rpc.latency").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.activeLocalPort() + "/v1/metrics").build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        Meter meter = provider.get("test");
        LongCounter requests = meter.counterBuilder("http.server.requests").setUnit("{request}").setDescription("Requests.").build();
        requests.add(3, Attributes.of(AttributeKey.stringKey("http.method"), "GET"));
        meter.gaugeBuilder("process.cpu.utilization").setUnit("1").buildWithCallback(m -> m.record(0.25));
        LongUpDownCounter inFlight = meter.upDownCounterBuilder("http.server.active_requests").build();
        inFlight.add(5);
        inFlight.add(-2);
        DoubleHistogram duration = meter.histogramBuilder("http.server.duration").setUnit("ms")
                .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();
        duration.record(5);
        duration.record(50);
        duration.record(500);
        DoubleHistogram latency = meter.histogramBuilder("rpc.latency").setUnit("s").build();
        latency.record(0.1);
        latency.record(0.2);
        latency.record(0.4);
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        try {
            assertExported();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private void assertExported() {

        String job = "shop/checkout";
        assertThat(samples("__name__", "http_server_requests_total", "http_method", "GET", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
        assertThat(storage.metadata("http_server_requests_total", 0, 0).get("http_server_requests_total").get(0).type()).isEqualTo(MetricType.COUNTER);
        assertThat(samples("__name__", "process_cpu_utilization_ratio", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(0.25);
        assertThat(samples("__name__", "http_server_active_requests", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
        assertThat(samples("__name__", "http_server_duration_milliseconds_bucket", "le", "10", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(1.0);
        assertThat(samples("__name__", "http_server_duration_milliseconds_bucket", "le", "100", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
        assertThat(samples("__name__", "http_server_duration_milliseconds_bucket", "le", "+Inf", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
        assertThat(samples("__name__", "http_server_duration_milliseconds_sum", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(555.0);
        assertThat(samples("__name__", "http_server_duration_milliseconds_count", "job", job, "instance", "i-1"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
        List<InMemoryStorage.Sample> nativeSamples = samples("__name__", "rpc_latency_seconds", "job", job, "instance", "i-1");
        assertThat(nativeSamples).singleElement().satisfies(s -> {
            assertThat(s.isHistogram()).isTrue();
            assertThat(s.histogram().count()).isEqualTo(3);
            assertThat(s.histogram().sum()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.histogram().schema()).isBetween(-4, 8);
            double total = 0;
            for (double c : s.histogram().positiveBuckets()) {
                total += c;
            }
            assertThat(total).isEqualTo(3);
        });
        assertThat(series().keySet()).anySatisfy(l -> {
            assertThat(l.metricName()).isEqualTo("target_info");
            assertThat(l.get("deployment_environment")).isEqualTo("test");
            assertThat(l.get("job")).isEqualTo(job);
        });
    }

    @Test
    void theSdkExportingDeltaTemporalityIsStoredAsCumulative() {
        AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        Clock clock = new Clock() {
            @Override
            public long now() {
                return nanos.get();
            }

            @Override
            public long nanoTime() {
                return nanos.get();
            }
        };
        SdkMeterProvider provider = SdkMeterProvider.builder().setClock(clock)
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "batch")))
                .registerView(InstrumentSelector.builder().setName("rpc.latency").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.activeLocalPort() + "/v1/metrics")
                                .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            Meter meter = provider.get("test");
            LongCounter jobs = meter.counterBuilder("jobs.done").build();
            DoubleHistogram duration = meter.histogramBuilder("job.duration").setUnit("s")
                    .setExplicitBucketBoundariesAdvice(List.of(1.0, 10.0)).build();
            DoubleHistogram latency = meter.histogramBuilder("rpc.latency").setUnit("s").build();
            jobs.add(3);
            duration.record(0.5);
            duration.record(5);
            latency.record(0.1);
            latency.record(0.2);
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(15));
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            jobs.add(4);
            duration.record(50);
            latency.record(0.4);
            latency.record(0.4);
            latency.record(0.4);
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(15));
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        assertThat(samples("__name__", "jobs_done_total", "job", "batch")).extracting(InMemoryStorage.Sample::value).containsExactly(3.0, 7.0);
        assertThat(samples("__name__", "job_duration_seconds_bucket", "le", "1", "job", "batch"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(1.0, 1.0);
        assertThat(samples("__name__", "job_duration_seconds_bucket", "le", "10", "job", "batch"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(2.0, 2.0);
        assertThat(samples("__name__", "job_duration_seconds_bucket", "le", "+Inf", "job", "batch"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(2.0, 3.0);
        assertThat(samples("__name__", "job_duration_seconds_sum", "job", "batch"))
                .extracting(InMemoryStorage.Sample::value).containsExactly(5.5, 55.5);
        List<InMemoryStorage.Sample> nativeSamples = samples("__name__", "rpc_latency_seconds", "job", "batch");
        assertThat(nativeSamples).extracting(s -> s.histogram().count()).containsExactly(2.0, 5.0);
        assertThat(nativeSamples.get(1).histogram().sum()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
        // The three instruments above, and the SDK's own otel.sdk.metric_reader.collection.duration.
        assertThat(receiver.trackedDeltaStreams()).hasEntrySatisfying(dev.panoptes.core.tenant.TenantId.of("t1"),
                n -> assertThat(n).isGreaterThanOrEqualTo(3));
    }

    @Test
    void withCreatedTimestampZeroIngestionASumStartsWithAZeroAtItsStartTime() throws Exception {
        OtlpMetricsService zeros = new OtlpMetricsService(new OtlpMetricsReceiver(t -> storage, dev.panoptes.wire.otlp.OtlpMetricsTranslator.Options.defaults(),
                dev.panoptes.wire.otlp.DeltaToCumulative.Options.defaults(), true));
        Server zeroServer = Server.builder().http(0)
                .decorator((delegate, ctx, req) -> delegate.serve(ctx, req.withHeaders(req.headers().toBuilder().set("X-Scope-OrgID", "t1").build())))
                .service("/v1/metrics", zeros).build();
        zeroServer.start().join();
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
                 "scopeMetrics":[{"metrics":[
                  {"name":"jobs","sum":{"aggregationTemporality":2,"isMonotonic":true,
                    "dataPoints":[{"startTimeUnixNano":"1699999990000000000","timeUnixNano":"%d","asInt":"%d"}]}}]}]}]}
                """;
        try {
            for (long[] point : new long[][] {{1_700_000_000_000_000_000L, 2}, {1_700_000_015_000_000_000L, 5}}) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + zeroServer.activeLocalPort() + "/v1/metrics"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.formatted(point[0], point[1])))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).doesNotContain("rejected");
            }
        } finally {
            zeroServer.stop().join();
        }

        List<InMemoryStorage.Sample> jobs = samples("__name__", "jobs_total", "job", "svc");
        assertThat(jobs).extracting(InMemoryStorage.Sample::t).containsExactly(1_699_999_990_000L, 1_700_000_000_000L, 1_700_000_015_000L);
        assertThat(jobs).extracting(InMemoryStorage.Sample::value).containsExactly(0.0, 2.0, 5.0);
        // The start time is also kept as the points' start timestamp.
        assertThat(jobs).extracting(InMemoryStorage.Sample::startTimestamp).containsExactly(0L, 1_699_999_990_000L, 1_699_999_990_000L);
    }

    private HttpResponse<String> postJson(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/v1/metrics"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonExemplarIdsAreReadAsTheHexOtlpJsonWrites() throws Exception {
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
                 "scopeMetrics":[{"metrics":[
                  {"name":"jobs","sum":{"aggregationTemporality":2,"isMonotonic":true,
                    "dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"2","exemplars":[{"timeUnixNano":"1700000000000000000",
                      "asInt":"1","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
                """;
        HttpResponse<String> response = postJson(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<dev.panoptes.metrics.storage.SeriesExemplars> exemplars = storage.exemplars(0, Long.MAX_VALUE,
                List.of(List.of(dev.panoptes.core.labels.LabelMatcher.equal("__name__", "jobs_total"))));
        assertThat(exemplars).singleElement().satisfies(e -> assertThat(e.exemplars()).singleElement().satisfies(x -> {
            assertThat(x.labels().get("trace_id")).isEqualTo("5b8efff798038103d269b633813fc60c");
            assertThat(x.labels().get("span_id")).isEqualTo("eee19b7ec3c1b174");
        }));
    }

    @Test
    void jsonIsAcceptedAndARepeatedDeltaPointIsAPartialSuccess() throws Exception {
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
                 "scopeMetrics":[{"metrics":[
                  {"name":"queue.size","unit":"{item}","gauge":{"dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"7"}]}},
                  {"name":"jobs","sum":{"aggregationTemporality":1,"isMonotonic":true,
                    "dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"2"}]}}]}]}]}
                """;
        HttpResponse<String> response = postJson(body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("rejectedDataPoints");
        assertThat(samples("__name__", "queue_size", "job", "svc")).extracting(InMemoryStorage.Sample::value).containsExactly(7.0);
        assertThat(samples("__name__", "jobs_total", "job", "svc")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);

        HttpResponse<String> again = postJson(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"rejectedDataPoints\": \"1\"").contains("out of order or duplicate");
        assertThat(samples("__name__", "jobs_total", "job", "svc")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);

        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {10, 99, 1})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not a valid OTLP");
    }

    @Test
    void deflateBodiesAreReadAndUnknownOrBrokenEncodingsAreRefusedByName() throws Exception {
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
                 "scopeMetrics":[{"metrics":[
                  {"name":"queue.size","unit":"{item}","gauge":{"dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"7"}]}}]}]}]}
                """;
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated)) {
            out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(post(deflated.toByteArray(), "deflate").statusCode()).isEqualTo(200);
        assertThat(samples("__name__", "queue_size", "job", "svc")).extracting(InMemoryStorage.Sample::value).containsExactly(7.0);

        HttpResponse<String> brotli = post(new byte[] {1, 2, 3}, "br");
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(brotli.body()).contains("unsupported Content-Encoding 'br'");
        HttpResponse<String> broken = post(new byte[] {1, 2, 3}, "gzip");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("body is not valid gzip");
    }

    private HttpResponse<String> post(byte[] body, String encoding) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/v1/metrics"))
                .header("Content-Type", "application/json").header("Content-Encoding", encoding)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
