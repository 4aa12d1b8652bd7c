package dev.panoptes.metrics.ingest;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.metrics.storage.StorageException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;

/**
 * OTLP/gRPC metrics ({@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}),
 * served by the same Armeria server as everything else, with the same translation and partial
 * success as {@link OtlpMetricsService}. The tenant comes from the {@code X-Scope-OrgID} metadata
 * that the server's tenant edge has validated.
 *
 * <p>Thread-safe.
 */
public final class OtlpGrpcMetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {

    private final OtlpMetricsReceiver receiver;

    public OtlpGrpcMetricsService(OtlpMetricsReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> responses) {
        String header = ServiceRequestContext.current().request().headers().get(TenantResolver.HEADER);
        TenantId tenant = TenantId.of(header);
        ExportMetricsServiceResponse response;
        try {
            response = receiver.export(tenant, request);
        } catch (IOException | StorageException e) {
            responses.onError(Status.UNAVAILABLE.withDescription("storing failed: " + e.getMessage()).asRuntimeException());
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }
}
