package dev.panoptes.metrics.ingest;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.StorageException;
import dev.panoptes.metrics.storage.TenantStorage;
import dev.panoptes.wire.otlp.OtlpMetricsTranslator;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
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

    private final TenantStorage storage;
    private final OtlpMetricsTranslator.Options options;

    public OtlpGrpcMetricsService(TenantStorage storage) {
        this(storage, OtlpMetricsTranslator.Options.defaults());
    }

    public OtlpGrpcMetricsService(TenantStorage storage, OtlpMetricsTranslator.Options options) {
        this.storage = storage;
        this.options = options;
    }

    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> responses) {
        String header = ServiceRequestContext.current().request().headers().get(TenantResolver.HEADER);
        TenantId tenant = TenantId.of(header);
        Appender appender = storage.forTenant(tenant).appender();
        StorageSink sink = new StorageSink(appender);
        OtlpMetricsTranslator.Result result = new OtlpMetricsTranslator(options).translate(request, sink);
        try {
            appender.commit();
        } catch (IOException | StorageException e) {
            responses.onError(Status.UNAVAILABLE.withDescription("storing failed: " + e.getMessage()).asRuntimeException());
            return;
        }
        long rejected = result.rejectedDataPoints() + sink.refusedSamples();
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0) {
            String message = result.errorMessage().isEmpty() ? sink.refusalMessage() : result.errorMessage();
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected).setErrorMessage(message));
        }
        responses.onNext(response.build());
        responses.onCompleted();
    }
}
