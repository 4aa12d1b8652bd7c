package dev.panoptes.logs.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.logql.Direction;
import dev.panoptes.logs.logql.LogQLExpr;
import dev.panoptes.logs.logql.LogQLParseException;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogQueryEngine;
import dev.panoptes.logs.logql.LogRange;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.MetricQueryEngine;
import dev.panoptes.logs.logql.MetricQueryException;
import dev.panoptes.logs.logql.MetricResult;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.TenantLogReaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's query API over the log store: {@code /loki/api/v1/query_range} (log queries: streams
 * with {@code direction} and {@code limit}; metric queries: a matrix at every {@code step} from
 * {@code start} to {@code end}), {@code /query} (metric queries at {@code time}: a vector, or a
 * scalar for a number; log queries refused with Loki's message, since an instant log query has
 * no meaning), {@code /labels},
 * {@code /label/<name>/values} and {@code /series}, each by GET or by POST with a form body; the
 * index endpoints ({@link IndexEndpoints}), {@code /patterns} ({@link PatternEndpoint}),
 * {@code /detected_fields} ({@link DetectedFieldsEndpoint}) and the
 * live tail ({@link LokiTailService}) are registered here too.
 *
 * <p>Defaults as Loki's: {@code end} now, {@code start} {@code since} (1h) before it for queries
 * and 6h before it for label and series lookups, {@code limit} 100, {@code direction} backward.
 * A log query's range is {@code start <= t < end}; a metric query's steps include both ends, and
 * {@code step} defaults to Loki's (the range over 250, in whole seconds, at least 1 s), at most
 * 11,000 steps after the first. Errors are plain text with Loki's status codes:
 * 400 for an invalid parameter or query or a query past a limit ({@link LokiQueryLimits}: its
 * time range, or the bytes the index says it would read), 504 past the query timeout; a client
 * that disconnects stops its query's scan.
 *
 * <p>Thread-safe; queries run on Armeria's blocking executor.
 */
public final class LokiHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(LokiHttpApi.class);
    private static final String PREFIX = "/loki/api/v1";
    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final Duration LABELS_LOOKBACK = Duration.ofHours(6);
    private static final String DEADLINE_EXCEEDED = "request timed out, decrease the duration of the request or add more label matchers "
            + "(prefer exact match over regex match) to reduce the amount of data processed";

    private final TenantLogReaders readers;
    private final Function<TenantId, LokiQueryLimits> limits;
    private final Clock clock;
    private final LogQueryEngine engine = new LogQueryEngine();
    private final MetricQueryEngine metrics = new MetricQueryEngine();
    private final IndexEndpoints index;
    private final PatternEndpoint patterns;
    private final DetectedFieldsEndpoint fields;
    private final LokiTailService tail;
    private final AtomicInteger running = new AtomicInteger();

    /** An API holding every tenant to the same limits. */
    public LokiHttpApi(TenantLogReaders readers, LokiQueryLimits limits, Clock clock) {
        this(readers, tenant -> limits, clock);
    }

    /** An API holding each tenant to its own limits (Loki's per-tenant overrides). */
    public LokiHttpApi(TenantLogReaders readers, Function<TenantId, LokiQueryLimits> limits, Clock clock) {
        this.readers = readers;
        this.limits = limits;
        this.clock = clock;
        this.index = new IndexEndpoints(clock);
        this.patterns = new PatternEndpoint(clock);
        this.fields = new DetectedFieldsEndpoint(clock);
        this.tail = new LokiTailService(readers, limits, clock);
    }

    /** Adds the routes to {@code server}. */
    public void register(ServerBuilder server) {
        server.service(route("/query_range"), service(this::queryRange));
        server.service(route("/query"), service(this::instantQuery));
        server.service(route("/labels"), service(this::labels));
        // The older name of /labels, which Loki still serves and older clients call.
        server.service(route("/label"), service(this::labels));
        server.service(route("/label/{name}/values"), service(this::labelValues));
        server.service(route("/series"), service(this::series));
        server.service(route("/index/stats"), service(index::stats));
        server.service(route("/index/volume"), service(index::volume));
        server.service(route("/index/volume_range"), service(index::volumeRange));
        server.service(route("/detected_labels"), service(index::detectedLabels));
        server.service(route("/detected_fields"), service(fields::detectedFields));
        server.service(route("/detected_field/{name}/values"), service(fields::detectedFieldValues));
        server.service(route("/patterns"), service(patterns::patterns));
        server.service(route("/format_query"), service(this::formatQuery));
        server.service(PREFIX + "/tail", tail.service());
        server.serverListener(ServerListener.builder().whenStopping(stopping -> tail.closeAll()).build());
    }

    /** Requests being answered now, live tails not included. */
    public int runningQueries() {
        return running.get();
    }

    /** Live tails open now. */
    public int openTails() {
        return tail.openTails();
    }

    private static Route route(String path) {
        return Route.builder().path(PREFIX + path).methods(HttpMethod.GET, HttpMethod.POST).build();
    }

    /** One endpoint's work, given its tenant's reader and limits, its parameters and its context. */
    @FunctionalInterface
    interface Endpoint {
        byte[] answer(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException;
    }

    /**
     * Runs an endpoint on the blocking executor with a {@link QueryRun} that stops it at the
     * query timeout (504, Loki's message) or when the client goes away (499, which nobody reads).
     */
    private HttpService service(Endpoint endpoint) {
        return TenantScoped.service((tenant, ctx, req) -> {
            LokiQueryLimits own = limits.apply(tenant);
            QueryRun run = new QueryRun(System.nanoTime() + own.queryTimeout().toNanos());
            QueryRun.attach(ctx, run);
            // Armeria's own timeout must not cut a request before the query timeout answers it.
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, own.queryTimeout().plusSeconds(30));
            ctx.whenRequestCancelling().thenRun(run::cancel);
            return HttpResponse.of(req.aggregate().thenApplyAsync(request -> answer(endpoint, tenant, own, ctx, request),
                    ctx.blockingTaskExecutor()));
        });
    }

    private HttpResponse answer(Endpoint endpoint, TenantId tenant, LokiQueryLimits limits, ServiceRequestContext ctx,
                                AggregatedHttpRequest request) {
        running.incrementAndGet();
        try {
            QueryRun.of(ctx).check();
            byte[] body = endpoint.answer(readers.forTenant(tenant), limits, params(ctx, request), ctx);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body);
        } catch (LokiApiException e) {
            return HttpResponse.of(e.status, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
        } catch (QueryRun.QueryStoppedException e) {
            return e.timedOut
                    ? HttpResponse.of(HttpStatus.GATEWAY_TIMEOUT, MediaType.PLAIN_TEXT_UTF_8, DEADLINE_EXCEEDED + "\n")
                    : HttpResponse.of(HttpStatus.valueOf(499), MediaType.PLAIN_TEXT_UTF_8, "the request was cancelled by the client\n");
        } catch (RuntimeException e) {
            LOG.error("Log query {} failed", ctx.path(), e);
            return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, "query failed: " + e.getMessage() + "\n");
        } finally {
            running.decrementAndGet();
        }
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

    private byte[] queryRange(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogQLExpr expr = parse(params.get("query"));
        long end = params.time("end", now());
        long start = params.time("start", end - params.duration("since", DEFAULT_LOOKBACK));
        if (end < start) {
            throw LokiApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        limits.checkLength(start, end);
        int limit = params.integer("limit", 100);
        if (limit <= 0) {
            throw LokiApiException.badRequest("limit must be a positive value");
        }
        limits.checkEntriesLimit(limit);
        Direction direction;
        try {
            direction = params.get("direction") == null ? Direction.BACKWARD : Direction.parse(params.get("direction"));
        } catch (IllegalArgumentException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
        long step = params.step(start, end);
        IndexEndpoints.checkStep(start, end, step);
        return switch (expr) {
            case LogSelectorExpr selector -> {
                limits.checkBytesRead(ChunkOverlap.totals(reader.chunkExtents(selector.selector().matchers(), start, end - 1), start,
                        end - 1).bytes());
                yield LokiJson.streams(engine.select(selector, start, end, direction, limit, reader, QueryRun.of(ctx)));
            }
            case MetricExpr metric -> LokiJson.matrix(evaluate(metric, start, end, step, reader, limits, ctx));
        };
    }

    private byte[] instantQuery(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogQLExpr expr = parse(params.get("query"));
        long time = params.time("time", now());
        return switch (expr) {
            case LogSelectorExpr selector -> throw LokiApiException.badRequest(
                    "log queries are not supported as an instant query type, please change your query to a range query type");
            case MetricExpr metric -> LokiJson.vector(evaluate(metric, time, time, 1, reader, limits, ctx));
        };
    }

    /** Runs a metric query after checking the bytes its log ranges would read, and checks its number of series. */
    private MetricResult evaluate(MetricExpr metric, long start, long end, long step, LogReader reader, LokiQueryLimits limits,
                                ServiceRequestContext ctx)
            throws LokiApiException {
        long bytes = 0;
        for (LogRange range : MetricQueryEngine.logRanges(metric)) {
            long to = end - range.offset().toNanos();
            long from = start - range.offset().toNanos() - range.range().toNanos() + 1;
            bytes += ChunkOverlap.totals(reader.chunkExtents(range.logs().selector().matchers(), from, to), from, to).bytes();
        }
        limits.checkBytesRead(bytes);
        MetricResult result;
        try {
            result = metrics.evaluate(metric, start, end, step, reader, QueryRun.of(ctx), limits.queryTimeout());
        } catch (MetricQueryException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
        if (!result.scalar()) {
            limits.checkSeries(result.series().size());
        }
        return result;
    }

    /** The query in canonical LogQL: one line, one space around operators, matchers as written, durations normalised. */
    private byte[] formatQuery(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        String formatted = parse(params.get("query")).toString();
        return LokiJson.render(json -> json.writeString(formatted));
    }

    private byte[] labels(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        long[] range = lookupRange(params);
        return LokiJson.strings(reader.labelNames(optionalSelector(params.get("query")), range[0], range[1]));
    }

    private byte[] labelValues(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        long[] range = lookupRange(params);
        String name = ctx.pathParam("name");
        return LokiJson.strings(reader.labelValues(name, optionalSelector(params.get("query")), range[0], range[1]));
    }

    private byte[] series(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
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
        return params.bounds(now(), LABELS_LOOKBACK);
    }

    static LogQLExpr parse(String query) throws LokiApiException {
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
