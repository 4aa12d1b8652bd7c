package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenTelemetry SDK reaches the server on the standard OTLP ports, over gRPC and over HTTP. */
class OtlpPortsTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theSdkExportsOverGrpcAndHttpPorts() throws Exception {
        int grpc = freePort();
        int http = freePort();
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dir).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(new OtlpSettings(grpc, http)).withScrapeConfigs(List.of());
        try (PanoptesServer server = PanoptesServer.start(config)) {
            export(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + grpc).build(), "grpc");
            export(OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:" + http + "/v1/metrics").build(), "http");
            Storage storage = server.metricsStorage().forTenant(TenantId.of("anonymous"));
            assertThat(value(storage, "grpc")).isEqualTo(7.0);
            assertThat(value(storage, "http")).isEqualTo(7.0);
        }
    }

    @Test
    void aDeltaStreamKeepsOneRunningTotalWhicheverTransportSendsIt() throws Exception {
        int grpc = freePort();
        int http = freePort();
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dir).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(new OtlpSettings(grpc, http)).withScrapeConfigs(List.of());
        try (PanoptesServer server = PanoptesServer.start(config)) {
            export(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + grpc)
                    .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build(), "any", 3);
            export(OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:" + http + "/v1/metrics")
                    .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build(), "any", 4);
            Storage storage = server.metricsStorage().forTenant(TenantId.of("anonymous"));
            assertThat(values(storage, "any")).containsExactly(3.0, 7.0);
        }
    }

    private static void export(MetricExporter exporter, String transport) {
        export(exporter, transport, 7);
    }

    private static void export(MetricExporter exporter, String transport, long amount) {
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            provider.get("test").counterBuilder("orders.placed").build().add(amount, Attributes.of(AttributeKey.stringKey("transport"), transport));
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as(transport).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static List<Double> values(Storage storage, String transport) {
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(
                    LabelMatcher.equal("__name__", "orders_placed_total"), LabelMatcher.equal("transport", transport)));
            assertThat(set.next()).as(transport).isTrue();
            SampleIterator it = set.at().iterator(null);
            List<Double> values = new java.util.ArrayList<>();
            while (it.next() == ValueType.FLOAT) {
                values.add(it.atFloat());
            }
            return values;
        }
    }

    private static double value(Storage storage, String transport) {
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(
                    LabelMatcher.equal("__name__", "orders_placed_total"), LabelMatcher.equal("transport", transport),
                    LabelMatcher.equal("job", "orders")));
            assertThat(set.next()).as(transport).isTrue();
            SampleIterator it = set.at().iterator(null);
            assertThat(it.next()).isEqualTo(ValueType.FLOAT);
            return it.atFloat();
        }
    }
}
