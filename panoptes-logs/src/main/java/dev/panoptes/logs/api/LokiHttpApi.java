package dev.panoptes.logs.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.logs.logql.Direction;
import dev.panoptes.logs.logql.LogQLExpr;
import dev.panoptes.logs.logql.LogQLParseException;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogQueryEngine;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.UnsupportedQueryException;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.TenantLogReaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's query API over the log store: {@code /loki/api/v1/query_range} (log queries, streams
 * with {@code direction} and {@code limit}), {@code /query} (refuses log queries with Loki's
 * message, since an instant log query has no meaning), {@code /labels},
 * {@code /label/<name>/values} and {@code /series}, each by GET or by POST with a form body.
 *
 * <p>Defaults as Loki's: {@code end} now, {@code start} {@code since} (1h) before it for queries
 * and 6h before it for label and series lookups, {@code limit} 100, {@code direction} backward.
 * A query's range is {@code start <= t < end}. Errors are plain text with Loki's status codes:
 * 400 for an invalid parameter or query.
 *
 * <p>Thread-safe; queries run on Armeria's blocking executor.
 */
public final class LokiHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(LokiHttpApi.class);
    private static final String PREFIX = "/loki/api/v1";
    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final Duration LABELS_LOOKBACK = Duration.ofHours(6);

    private final TenantLogReaders readers;
    private final int maxEntriesLimitPerQuery;
    private final Clock clock;
    private final LogQueryEngine engine = new LogQueryEngine();

    /** @param maxEntriesLimitPerQuery the largest {@code limit} accepted (0: no limit) */
    public LokiHttpApi(TenantLogReaders readers, int maxEntriesLimitPerQuery, Clock clock) {
        this.readers = readers;
        this.maxEntriesLimitPerQuery = maxEntriesLimitPerQuery;
        this.clock = clock;
    }

    /** Adds the routes to {@code server}. */
    public void register(ServerBuilder server) {
        server.service(route("/query_range"), service(this::queryRange));
        server.service(route("/query"), service(this::instantQuery));
        server.service(route("/labels"), service(this::labels));
        server.service(route("/label/{name}/values"), service(this::labelValues));
        server.service(route("/series"), service(this::series));
    }

    private static Route route(String path) {
        return Route.builder().path(PREFIX + path).methods(HttpMethod.GET, HttpMethod.POST).build();
    }

    /** One endpoint's work, given its tenant's reader, its parameters and its context. */
    @FunctionalInterface
    private interface Endpoint {
        byte[] answer(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException;
    }

    private HttpService service(Endpoint endpoint) {
        return (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(request -> {
            try {
                byte[] body = endpoint.answer(readers.forTenant(TenantId.of(request.headers().get(TenantResolver.HEADER))),
                        params(ctx, request), ctx);
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body);
            } catch (LokiApiException e) {
                return HttpResponse.of(e.status, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
            } catch (RuntimeException e) {
                LOG.error("Log query {} failed", ctx.path(), e);
                return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, "query failed: " + e.getMessage() + "\n");
            }
        }, ctx.blockingTaskExecutor()));
    }

    private static LokiParams params(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        QueryParams query = ctx.query() == null ? QueryParams.of() : QueryParams.fromQueryString(ctx.query());
        MediaType type = request.contentType();
        if (request.method() == HttpMethod.POST && type != null && type.is(MediaType.FORM_DATA)) {
            QueryParams form = QueryParams.fromQueryString(request.contentUtf8());
            query = query.toBuilder().add(form).build();
        }
        return new LokiParams(query);
    }

    private long now() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private byte[] queryRange(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogQLExpr expr = parse(params.get("query"));
        long end = params.time("end", now());
        long start = params.time("start", end - params.duration("since", DEFAULT_LOOKBACK));
        if (end < start) {
            throw LokiApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        int limit = params.integer("limit", 100);
        if (limit <= 0) {
            throw LokiApiException.badRequest("limit must be a positive value");
        }
        if (maxEntriesLimitPerQuery > 0 && limit > maxEntriesLimitPerQuery) {
            throw LokiApiException.badRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > "
                    + maxEntriesLimitPerQuery + ")");
        }
        Direction direction;
        try {
            direction = params.get("direction") == null ? Direction.BACKWARD : Direction.parse(params.get("direction"));
        } catch (IllegalArgumentException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
        try {
            return switch (expr) {
                case LogSelectorExpr selector -> LokiJson.streams(engine.select(selector, start, end, direction, limit, reader));
                case MetricExpr metric -> throw new UnsupportedQueryException("metric queries (" + metric + ") are");
            };
        } catch (UnsupportedQueryException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
    }

    private byte[] instantQuery(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogQLExpr expr = parse(params.get("query"));
        params.time("time", now());
        // Metric queries will be answered here; a log query has no single instant to answer at.
        switch (expr) {
            case LogSelectorExpr selector -> throw LokiApiException.badRequest(
                    "log queries are not supported as an instant query type, please change your query to a range query type");
            case MetricExpr metric -> throw LokiApiException.badRequest(
                    new UnsupportedQueryException("metric queries (" + metric + ") are").getMessage());
        }
    }

    private byte[] labels(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        long[] range = lookupRange(params);
        return LokiJson.strings(reader.labelNames(optionalSelector(params.get("query")), range[0], range[1]));
    }

    private byte[] labelValues(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        long[] range = lookupRange(params);
        String name = ctx.pathParam("name");
        return LokiJson.strings(reader.labelValues(name, optionalSelector(params.get("query")), range[0], range[1]));
    }

    private byte[] series(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        long[] range = lookupRange(params);
        List<String> selectors = new ArrayList<>(params.all("match[]"));
        selectors.addAll(params.all("match"));
        if (selectors.isEmpty()) {
            return LokiJson.series(reader.series(List.of(), range[0], range[1]));
        }
        TreeSet<Labels> union = new TreeSet<>();
        for (String selector : selectors) {
            union.addAll(reader.series(optionalSelector(selector), range[0], range[1]));
        }
        return LokiJson.series(new ArrayList<>(union));
    }

    /** {@code [start, end]} of a label or series lookup, inclusive at both ends. */
    private long[] lookupRange(LokiParams params) throws LokiApiException {
        long end = params.time("end", now());
        long start = params.time("start", end - params.duration("since", LABELS_LOOKBACK));
        if (end < start) {
            throw LokiApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        return new long[] {start, end};
    }

    private static LogQLExpr parse(String query) throws LokiApiException {
        try {
            return LogQLParser.parse(query == null ? "" : query);
        } catch (LogQLParseException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
    }

    /** The matchers of a stream selector given to a lookup; none when absent. */
    private static List<LabelMatcher> optionalSelector(String query) throws LokiApiException {
        if (query == null) {
            return List.of();
        }
        return switch (parse(query)) {
            case LogSelectorExpr selector when selector.pipeline().isEmpty() -> selector.selector().matchers();
            case LogSelectorExpr selector -> throw LokiApiException.badRequest("a label or series lookup takes a stream selector without a pipeline: "
                    + query);
            case MetricExpr metric -> throw LokiApiException.badRequest("a label or series lookup takes a stream selector, not a metric query: "
                    + query);
        };
    }
}
