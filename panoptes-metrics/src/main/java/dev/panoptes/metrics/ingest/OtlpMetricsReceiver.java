package dev.panoptes.metrics.ingest;

import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.StorageException;
import dev.panoptes.metrics.storage.TenantStorage;
import dev.panoptes.wire.otlp.DeltaToCumulative;
import dev.panoptes.wire.otlp.OtlpMetricsTranslator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What OTLP/HTTP and OTLP/gRPC share: an export of one tenant has its delta metrics made
 * cumulative (with that tenant's stream state, the same whichever transport sent it), is
 * translated to Prometheus series and stored in one batch; the response carries a partial success
 * naming what was dropped at each step.
 *
 * <p>Thread-safe.
 */
public final class OtlpMetricsReceiver {

    private final TenantStorage storage;
    private final OtlpMetricsTranslator.Options translation;
    private final DeltaToCumulative.Options deltaOptions;
    private final ConcurrentMap<TenantId, DeltaToCumulative> deltaStreams = new ConcurrentHashMap<>();
    /** Null unless start times become zero samples. */
    private final CreatedTimestampZeros createdZeros;

    /**
     * @param createdTimestampZeros a sum's, histogram's or summary's start time puts a zero sample
     *     before its series' first sample, once per start time
     */
    public OtlpMetricsReceiver(TenantStorage storage, OtlpMetricsTranslator.Options translation, DeltaToCumulative.Options deltaOptions,
                               boolean createdTimestampZeros) {
        this.storage = storage;
        this.translation = translation;
        this.deltaOptions = deltaOptions;
        this.createdZeros = createdTimestampZeros ? new CreatedTimestampZeros(CreatedTimestampZeros.DEFAULT_MAX_SERIES) : null;
    }

    public OtlpMetricsReceiver(TenantStorage storage) {
        this(storage, OtlpMetricsTranslator.Options.defaults(), DeltaToCumulative.Options.defaults(), false);
    }

    /** Delta streams being made cumulative, by tenant (for the server's own metrics). */
    public Map<TenantId, Integer> trackedDeltaStreams() {
        Map<TenantId, Integer> tracked = new TreeMap<>(Comparator.comparing(TenantId::value));
        deltaStreams.forEach((tenant, converter) -> tracked.put(tenant, converter.trackedStreams()));
        return tracked;
    }

    /** Stores the export; the response to send. Throws when storing failed (nothing acknowledged). */
    ExportMetricsServiceResponse export(TenantId tenant, ExportMetricsServiceRequest request) throws IOException, StorageException {
        DeltaToCumulative.Conversion conversion = deltaStreams.computeIfAbsent(tenant, t -> new DeltaToCumulative(deltaOptions)).convert(request);
        Appender appender = storage.forTenant(tenant).appender();
        StorageSink sink = new StorageSink(appender, createdZeros == null ? null : createdZeros.forTenant(tenant));
        OtlpMetricsTranslator.Result result = new OtlpMetricsTranslator(translation).translate(conversion.request(), sink);
        appender.commit();
        long rejected = conversion.rejectedDataPoints() + result.rejectedDataPoints() + sink.refusedSamples();
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0) {
            StringBuilder message = new StringBuilder();
            append(message, conversion.errorMessage());
            append(message, result.errorMessage());
            if (sink.refusedSamples() > 0) {
                append(message, sink.refusalMessage());
            }
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected).setErrorMessage(message.toString()));
        }
        return response.build();
    }

    private static void append(StringBuilder message, String part) {
        if (!part.isEmpty()) {
            message.append(message.isEmpty() ? "" : "; ").append(part);
        }
    }
}
