package dev.panoptes.server;

import dev.panoptes.metrics.api.PrometheusApi;
import dev.panoptes.metrics.ingest.OtlpMetricsReceiver;
import dev.panoptes.metrics.ingest.RemoteWriteService;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.metrics.tsdb.Tsdb;
import dev.panoptes.metrics.tsdb.TenantTsdbs;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * The metrics databases' own figures on {@code /metrics}, per tenant: series in the head, its
 * time span, blocks and their bytes, and samples refused by reason. Read when scraped, so they
 * cost nothing on the write path.
 */
final class TsdbSelfMetrics {

    private TsdbSelfMetrics() {
    }

    static void register(PrometheusRegistry registry, TenantTsdbs tsdbs) {
        GaugeWithCallback.builder()
                .name("panoptes_tsdb_head_series")
                .help("Series in the head (active series) of each tenant's metrics database.")
                .labelNames("tenant")
                .callback(callback -> {
                    for (Tsdb tsdb : tsdbs.opened()) {
                        callback.call(tsdb.head().numSeries(), tenant(tsdb));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("panoptes_tsdb_blocks")
                .help("Blocks of each tenant's metrics database.")
                .labelNames("tenant")
                .callback(callback -> {
                    for (Tsdb tsdb : tsdbs.opened()) {
                        callback.call(tsdb.blocks().size(), tenant(tsdb));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("panoptes_tsdb_blocks_bytes")
                .help("Bytes the blocks of each tenant's metrics database take in the object store.")
                .labelNames("tenant")
                .callback(callback -> {
                    for (Tsdb tsdb : tsdbs.opened()) {
                        callback.call(tsdb.blockBytes(), tenant(tsdb));
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("panoptes_tsdb_samples_rejected_total")
                .help("Samples and exemplars the metrics database refused, by reason.")
                .labelNames("tenant", "reason")
                .callback(callback -> {
                    for (Tsdb tsdb : tsdbs.opened()) {
                        for (Reason reason : Reason.values()) {
                            callback.call(tsdb.head().rejected(reason), tenant(tsdb), reason.name().toLowerCase(Locale.ROOT));
                        }
                    }
                })
                .register(registry);
    }

    /** Remote write requests refused whole, by reason. */
    static void registerIngest(PrometheusRegistry registry, RemoteWriteService remoteWrite) {
        CounterWithCallback.builder()
                .name("panoptes_ingest_requests_refused_total")
                .help("Remote write requests refused whole: rate_limited (429) or invalid (400).")
                .labelNames("reason")
                .callback(callback -> {
                    callback.call(remoteWrite.refusedRequests("rate_limited"), "rate_limited");
                    callback.call(remoteWrite.refusedRequests("invalid"), "invalid");
                })
                .register(registry);
    }

    static void registerOtlp(PrometheusRegistry registry, OtlpMetricsReceiver otlp) {
        GaugeWithCallback.builder()
                .name("panoptes_otlp_delta_streams")
                .help("OTLP delta-temporality streams whose running totals are kept to make them cumulative.")
                .labelNames("tenant")
                .callback(callback -> otlp.trackedDeltaStreams().forEach((tenant, n) -> callback.call(n, tenant.value())))
                .register(registry);
    }

    static void registerQueryApi(PrometheusRegistry registry, PrometheusApi api) {
        GaugeWithCallback.builder()
                .name("panoptes_query_running")
                .help("PromQL queries running now, over every tenant.")
                .callback(callback -> callback.call(api.runningQueries()))
                .register(registry);
        CounterWithCallback.builder()
                .name("panoptes_query_refused_total")
                .help("Queries refused with 503 because their tenant's query.max_concurrent slots and query.queue_size queue were full.")
                .callback(callback -> callback.call(api.refusedQueries()))
                .register(registry);
    }

    private static String tenant(Tsdb tsdb) {
        return tsdb.directory().getFileName().toString();
    }
}
