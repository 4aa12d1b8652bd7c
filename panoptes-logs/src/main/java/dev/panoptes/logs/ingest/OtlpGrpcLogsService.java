package dev.panoptes.logs.ingest;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC logs ({@code opentelemetry.proto.collector.logs.v1.LogsService/Export}), served by
 * the same Armeria gRPC service as metrics, with the same mapping, limits and partial success as
 * {@link OtlpLogsService}. The tenant comes from the {@code X-Scope-OrgID} metadata that the
 * server's tenant edge has validated. Over the tenant's ingestion rate the call fails with
 * {@code RESOURCE_EXHAUSTED}; a storage failure with {@code UNAVAILABLE}.
 *
 * <p>Thread-safe. Runs on Armeria's blocking executor, since storing waits for the log's fsync.
 */
@Blocking
public final class OtlpGrpcLogsService extends LogsServiceGrpc.LogsServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcLogsService.class);

    private final OtlpLogsReceiver receiver;

    public OtlpGrpcLogsService(OtlpLogsReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> responses) {
        TenantId tenant = TenantId.of(ServiceRequestContext.current().request().headers().get(TenantResolver.HEADER));
        OtlpLogsReceiver.Outcome outcome;
        try {
            outcome = receiver.export(tenant, request);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Storing an OTLP logs export of tenant {} failed", tenant, e);
            responses.onError(Status.UNAVAILABLE.withDescription("storing failed: " + e.getMessage()).asRuntimeException());
            return;
        }
        switch (outcome) {
            case OtlpLogsReceiver.Accepted accepted -> {
                responses.onNext(accepted.response());
                responses.onCompleted();
            }
            case OtlpLogsReceiver.RateLimited limited ->
                    responses.onError(Status.RESOURCE_EXHAUSTED.withDescription(limited.message()).asRuntimeException());
        }
    }
}
