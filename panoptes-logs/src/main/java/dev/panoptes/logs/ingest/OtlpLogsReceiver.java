package dev.panoptes.logs.ingest;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.store.AppendResult;
import dev.panoptes.wire.otlp.OtlpLogsTranslator;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What OTLP/HTTP and OTLP/gRPC logs share: an export is mapped to Loki streams
 * ({@link OtlpLogsTranslator}), checked record by record against the tenant's {@link LogLimits}
 * as a Loki push is ({@link PushValidator}), and stored through the {@link LogIngester} that Loki
 * push uses too, so a tenant has one ingestion rate and one stream limit. The response carries a
 * partial success counting the records refused (unmappable, invalid stream labels, too old, too
 * new, line too long, over the stream limit) with Loki's messages; refused records never stop
 * the others.
 *
 * <p>Thread-safe.
 */
public final class OtlpLogsReceiver {

    /** How an export ended. */
    sealed interface Outcome permits Accepted, RateLimited {
    }

    /** Stored; the response says what was refused, if anything. */
    record Accepted(ExportLogsServiceResponse response) implements Outcome {
    }

    /** The tenant is over its ingestion rate: nothing was stored, the client should retry later. */
    record RateLimited(String message) implements Outcome {
    }

    private final LogIngester ingester;
    private final OtlpLogsTranslator.Options mapping;
    private final Clock clock;

    public OtlpLogsReceiver(LogIngester ingester, OtlpLogsTranslator.Options mapping, Clock clock) {
        this.ingester = ingester;
        this.mapping = mapping;
        this.clock = clock;
    }

    /** Stores the export. Throws when storing failed (nothing acknowledged). */
    Outcome export(TenantId tenant, ExportLogsServiceRequest request) throws IOException {
        long now = nowNanos();
        // The translator gave each stream its service_name from the resource, as Loki's OTLP mapping does.
        PushValidator validator = new PushValidator(ingester.limits(tenant), now, List.of());
        new OtlpLogsTranslator(mapping).translate(request, validator, now);
        LogIngester.Outcome outcome = ingester.ingest(tenant, validator);
        if (outcome instanceof LogIngester.RateLimited limited) {
            return new RateLimited(limited.message());
        }
        AppendResult stored = ((LogIngester.Stored) outcome).result();
        long rejected = validator.refusedEntries() + (long) stored.entriesOverLimit();
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            List<String> messages = new ArrayList<>();
            for (Labels stream : stored.streamsOverLimit()) {
                if (messages.size() == PushValidator.MAX_MESSAGES) {
                    messages.add("(" + (stored.streamsOverLimit().size() - messages.size()) + " more streams over the limit)");
                    break;
                }
                messages.add(LogIngester.streamLimitMessage(stream, tenant));
            }
            messages.addAll(validator.messages());
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected)
                    .setErrorMessage(String.join("; ", messages)));
        }
        return new Accepted(response.build());
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
