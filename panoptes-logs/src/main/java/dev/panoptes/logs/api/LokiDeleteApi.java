package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.core.time.Durations;
import dev.panoptes.logs.logql.LineFilter;
import dev.panoptes.logs.logql.LogQLExpr;
import dev.panoptes.logs.logql.LogQLParseException;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.PipelineStage;
import dev.panoptes.logs.store.DeleteRequest;
import dev.panoptes.logs.store.LineCondition;
import dev.panoptes.logs.store.LogDeletes;
import dev.panoptes.logs.store.TenantLogDeletes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's log deletion API on {@code /loki/api/v1/delete}: POST records a request to delete the
 * lines a stream selector (with optional line filters) selects between {@code start} and
 * {@code end} (unix seconds of ten digits, or RFC3339; {@code end} defaults to now and may not be
 * in the future) and answers 204 with the id in {@code X-Delete-Request-ID}; GET lists the
 * tenant's requests as Loki's compactor does (times in seconds, oldest first); DELETE cancels a
 * request by {@code request_id} while it is not processed and younger than the cancel period
 * ({@code force=true} lifts the age limit). Errors are plain text with Loki's messages and codes.
 *
 * <p>Thread-safe; requests run on Armeria's blocking executor.
 */
public final class LokiDeleteApi {

    private static final Logger LOG = LoggerFactory.getLogger(LokiDeleteApi.class);
    private static final String PATH = "/loki/api/v1/delete";
    private static final JsonFactory JSON = new JsonFactory();

    private final TenantLogDeletes deletes;
    private final Duration cancelPeriod;
    private final Clock clock;

    public LokiDeleteApi(TenantLogDeletes deletes, Duration cancelPeriod, Clock clock) {
        this.deletes = deletes;
        this.cancelPeriod = cancelPeriod;
        this.clock = clock;
    }

    /** Adds the route to {@code server}. */
    public void register(ServerBuilder server) {
        server.service(Route.builder().path(PATH).methods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE).build(), service());
    }

    /** One method's work, given the tenant's delete requests and the URL parameters. */
    @FunctionalInterface
    private interface Action {
        HttpResponse run(LogDeletes tenant, LokiParams params) throws LokiApiException, IOException;
    }

    private HttpService service() {
        return (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(request -> {
            LokiParams params = new LokiParams(ctx.query() == null ? QueryParams.of() : QueryParams.fromQueryString(ctx.query()));
            Action action = switch (request.method().name()) {
                case "POST" -> this::add;
                case "DELETE" -> this::cancel;
                default -> this::list;
            };
            try {
                return action.run(deletes.deletesFor(TenantId.of(request.headers().get(TenantResolver.HEADER))), params);
            } catch (LokiApiException e) {
                return HttpResponse.of(e.status, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
            } catch (IOException | RuntimeException e) {
                LOG.error("Delete request {} {} failed", request.method(), ctx.path(), e);
                return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
            }
        }, ctx.blockingTaskExecutor()));
    }

    private HttpResponse add(LogDeletes tenant, LokiParams params) throws LokiApiException, IOException {
        String query = params.get("query");
        if (query == null) {
            throw LokiApiException.badRequest("query not set");
        }
        LogSelectorExpr selector = parseQuery(query);
        String start = params.get("start");
        if (start == null) {
            throw LokiApiException.badRequest("start time not set");
        }
        long startMillis = time(start, "start");
        long now = clock.millis();
        String end = params.get("end");
        long endMillis = end == null ? now : time(end, "end");
        if (endMillis > now) {
            throw LokiApiException.badRequest("deletes in the future are not allowed");
        }
        if (startMillis >= endMillis) {
            throw LokiApiException.badRequest("start time can't be greater than or equal to end time");
        }
        String maxInterval = params.get("max_interval");
        if (maxInterval != null) {
            checkMaxInterval(maxInterval, endMillis - startMillis);
        }
        List<LineCondition> conditions = new ArrayList<>();
        for (PipelineStage stage : selector.pipeline()) {
            // Loki's delete requests take a stream selector and plain line filters only.
            LineCondition condition = stage instanceof LineFilter f ? f.toLineCondition() : null;
            if (condition == null) {
                throw LokiApiException.badRequest("a delete query takes a stream selector and line filters (|=, !=, |~, !~) only, not "
                        + stage);
            }
            conditions.add(condition);
        }
        // The end millisecond is deleted whole: Loki compares at millisecond precision.
        DeleteRequest request = tenant.requestDelete(query, selector.selector().matchers(), conditions, startMillis * 1_000_000L,
                endMillis * 1_000_000L + 999_999L);
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NO_CONTENT).add("X-Delete-Request-ID", request.requestId()).build());
    }

    private static LogSelectorExpr parseQuery(String query) throws LokiApiException {
        try {
            LogQLExpr expr = LogQLParser.parse(query);
            if (expr instanceof LogSelectorExpr selector) {
                return selector;
            }
        } catch (LogQLParseException e) {
            // Loki answers every unparsable or non-selector query with one message.
        }
        throw LokiApiException.badRequest("invalid query expression");
    }

    /** Loki's time of a delete request: RFC3339, or unix seconds of exactly ten digits; milliseconds. */
    private static long time(String value, String name) throws LokiApiException {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            if (value.length() == 10) {
                try {
                    return new BigDecimal(value).movePointRight(3).longValueExact();
                } catch (NumberFormatException | ArithmeticException notNumber) {
                    // falls through to the message below
                }
            }
            throw LokiApiException.badRequest("invalid " + name + " time: require unix seconds or RFC3339 format");
        }
    }

    private static void checkMaxInterval(String value, long rangeMillis) throws LokiApiException {
        Duration interval;
        try {
            interval = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            interval = Duration.ZERO;
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw LokiApiException.badRequest("invalid max_interval: valid time units are 's', 'm', 'h'");
        }
        if (interval.toMillis() > rangeMillis) {
            throw LokiApiException.badRequest("max_interval can't be greater than the interval to be deleted (" + goDuration(Duration.ofMillis(rangeMillis)) + ")");
        }
    }

    private HttpResponse list(LogDeletes tenant, LokiParams params) throws IOException {
        List<DeleteRequest> requests = new ArrayList<>(tenant.deleteRequests());
        requests.sort(Comparator.comparingLong(DeleteRequest::createdAtMillis));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (DeleteRequest r : requests) {
                json.writeStartObject();
                json.writeStringField("request_id", r.requestId());
                json.writeFieldName("start_time");
                json.writeNumber(seconds(Math.floorDiv(r.startNanos(), 1_000_000L)));
                json.writeFieldName("end_time");
                json.writeNumber(seconds(Math.floorDiv(r.endNanos(), 1_000_000L)));
                json.writeStringField("query", r.query());
                json.writeStringField("status", r.status().text());
                json.writeFieldName("created_at");
                json.writeNumber(seconds(r.createdAtMillis()));
                json.writeStringField("user_id", "");
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, out.toByteArray());
    }

    /** Milliseconds as seconds with no trailing zeros, as Prometheus' model.Time prints itself. */
    private static BigDecimal seconds(long millis) {
        BigDecimal s = BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private HttpResponse cancel(LogDeletes tenant, LokiParams params) throws LokiApiException, IOException {
        String id = params.get("request_id");
        DeleteRequest found = null;
        for (DeleteRequest r : tenant.deleteRequests()) {
            if (r.requestId().equals(id)) {
                found = r;
            }
        }
        if (found == null) {
            throw new LokiApiException(HttpStatus.NOT_FOUND, "could not find delete request with given id");
        }
        if (found.status() == DeleteRequest.Status.PROCESSED) {
            throw LokiApiException.badRequest("deletion of request which is in process or already processed is not allowed");
        }
        boolean late = found.createdAtMillis() + cancelPeriod.toMillis() < clock.millis();
        if (late && !"true".equals(params.get("force"))) {
            throw LokiApiException.badRequest("Cancellation of partially completed delete request or delete request past the deadline of "
                    + goDuration(cancelPeriod) + " since its creation is not allowed. To force, use the ?force query parameter");
        }
        if (!tenant.cancelDelete(found.requestId())) {
            throw LokiApiException.badRequest("deletion of request which is in process or already processed is not allowed");
        }
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    /** A duration as Go prints one ({@code 24h0m0s}, {@code 1m30s}, {@code 45s}), for Loki's messages. */
    static String goDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + seconds % 3600 / 60 + "m" + seconds % 60 + "s";
    }
}
