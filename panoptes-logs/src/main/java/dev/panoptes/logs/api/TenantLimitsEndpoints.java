package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tenant's published limits, as Loki serves them: {@code GET /loki/api/v1/drilldown-limits}
 * (JSON: {@code limits}, {@code pattern_ingester_enabled}, {@code version}), which Grafana's Logs
 * Drilldown app reads on every service page to decide, among other things, whether to show the
 * Patterns tab; and {@code GET /config/tenant/v1/limits}, the same limits as YAML for operators.
 *
 * <p>The limits are a map from Loki's key names to values in the types Loki's JSON gives them
 * (numbers, booleans, lists, and durations and sizes as strings such as {@code 721h} or
 * {@code 0B}); the caller decides which keys it can state truthfully. Patterns are always
 * answered (from stored lines, {@link PatternEndpoint}), so {@code pattern_ingester_enabled} is
 * true. Thread-safe.
 */
public final class TenantLimitsEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Function<TenantId, Map<String, Object>> limits;
    private final String version;

    /**
     * @param limits the published limits of a tenant, by Loki's key names
     * @param version the version {@code drilldown-limits} reports
     */
    public TenantLimitsEndpoints(Function<TenantId, Map<String, Object>> limits, String version) {
        this.limits = limits;
        this.version = version;
    }

    /** Adds the two routes to {@code server}. */
    public void register(ServerBuilder server) {
        server.service(Route.builder().path("/loki/api/v1/drilldown-limits").methods(HttpMethod.GET).build(), service(own -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("limits", own);
            body.put("pattern_ingester_enabled", true);
            body.put("version", version);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JSON.writeValueAsBytes(body));
        }));
        // Loki answers text/plain so that a browser shows the YAML rather than downloading it.
        server.service(Route.builder().path("/config/tenant/v1/limits").methods(HttpMethod.GET).build(), service(own ->
                HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, YAML.writeValueAsBytes(own))));
    }

    @FunctionalInterface
    private interface Answer {
        HttpResponse of(Map<String, Object> limits) throws JsonProcessingException;
    }

    private HttpService service(Answer answer) {
        return TenantScoped.service((tenant, ctx, req) -> answer.of(limits.apply(tenant)));
    }
}
