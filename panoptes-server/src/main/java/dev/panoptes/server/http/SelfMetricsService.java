package dev.panoptes.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;

/**
 * {@code /metrics}: the process's own metrics in the exposition format the scraper asks for
 * (Prometheus text by default; OpenMetrics or protobuf when its {@code Accept} header prefers them).
 */
final class SelfMetricsService implements HttpService {

    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    SelfMetricsService(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ExpositionFormatWriter writer = formats.findWriter(req.headers().get("accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        writer.write(body, registry.scrape());
        ResponseHeaders headers = ResponseHeaders.of(HttpStatus.OK, "content-type", writer.getContentType());
        return HttpResponse.of(headers, HttpData.wrap(body.toByteArray()));
    }

}
