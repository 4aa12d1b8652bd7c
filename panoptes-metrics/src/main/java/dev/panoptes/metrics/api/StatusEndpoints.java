package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.metrics.storage.CardinalityStatistics;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.TenantStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code /status/runtimeinfo}, {@code /status/flags}, {@code /status/config} and
 * {@code /status/tsdb} in Prometheus' shapes. Runtime fields named after Go's runtime carry the
 * JVM's nearest equivalent (threads for goroutines, available processors for GOMAXPROCS, the
 * maximum heap for GOMEMLIMIT). Thread-safe.
 */
final class StatusEndpoints {

    private static final int DEFAULT_TSDB_LIMIT = 10;
    private static final int MAX_TSDB_LIMIT = 10_000;

    private final TenantStorage tenants;
    private final ServerStatus status;

    StatusEndpoints(TenantStorage tenants, ServerStatus status) {
        this.tenants = tenants;
        this.status = status;
    }

    Reply runtimeInfo(ApiRequest request) {
        String hostname = hostname();
        String cwd = Path.of("").toAbsolutePath().toString();
        return Reply.of(json -> {
            json.writeStartObject();
            json.writeStringField("startTime", rfc3339(status.startTime()));
            json.writeStringField("CWD", cwd);
            json.writeStringField("hostname", hostname);
            json.writeStringField("serverTime", rfc3339(Instant.now()));
            json.writeBooleanField("reloadConfigSuccess", true);
            json.writeStringField("lastConfigTime", rfc3339(status.startTime()));
            json.writeNumberField("goroutineCount", ManagementFactory.getThreadMXBean().getThreadCount());
            json.writeNumberField("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
            json.writeNumberField("GOMEMLIMIT", Runtime.getRuntime().maxMemory());
            json.writeStringField("GOGC", "");
            json.writeStringField("GODEBUG", "");
            json.writeStringField("storageRetention", status.storageRetention());
            json.writeEndObject();
        });
    }

    Reply flags(ApiRequest request) {
        TreeMap<String, String> sorted = new TreeMap<>(status.flags());
        return Reply.of(json -> {
            json.writeStartObject();
            for (var e : sorted.entrySet()) {
                json.writeStringField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
        });
    }

    Reply config(ApiRequest request) {
        return Reply.of(json -> {
            json.writeStartObject();
            json.writeStringField("yaml", status.configYaml());
            json.writeEndObject();
        });
    }

    Reply tsdb(ApiRequest request) {
        int limit = DEFAULT_TSDB_LIMIT;
        String text = request.params().get("limit");
        if (!text.isEmpty()) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1) {
                throw ApiException.badData("limit must be a positive number");
            }
            if (limit > MAX_TSDB_LIMIT) {
                throw ApiException.badData("limit must not exceed " + MAX_TSDB_LIMIT);
            }
        }
        Storage storage = tenants.forTenant(request.tenant());
        if (!(storage instanceof CardinalityStatistics statistics)) {
            throw new ApiException(ApiErrorType.UNAVAILABLE, "this storage does not report cardinality statistics");
        }
        CardinalityStatistics.TsdbStatus s = statistics.tsdbStatus(limit);
        return Reply.of(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("headStats");
            json.writeNumberField("numSeries", s.headStats().numSeries());
            json.writeNumberField("numLabelPairs", s.headStats().numLabelPairs());
            json.writeNumberField("chunkCount", s.headStats().chunkCount());
            json.writeNumberField("minTime", s.headStats().minTime());
            json.writeNumberField("maxTime", s.headStats().maxTime());
            json.writeEndObject();
            counts(json, "seriesCountByMetricName", s.seriesCountByMetricName());
            counts(json, "labelValueCountByLabelName", s.labelValueCountByLabelName());
            counts(json, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
            counts(json, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
            json.writeEndObject();
        });
    }

    private static void counts(JsonGenerator json, String field, List<CardinalityStatistics.Count> counts) throws IOException {
        json.writeArrayFieldStart(field);
        for (CardinalityStatistics.Count c : counts) {
            json.writeStartObject();
            json.writeStringField("name", c.name());
            json.writeNumberField("value", c.value());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
