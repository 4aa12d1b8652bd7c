package dev.panoptes.metrics.api;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.TenantStorage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /series}, {@code /labels}, {@code /label/<name>/values} and {@code /metadata}: what the
 * index knows, without evaluating queries. Several {@code match[]} selectors are a union;
 * {@code limit} cuts the sorted answer and adds Prometheus' truncation warning. Thread-safe.
 */
final class LabelEndpoints {

    private static final String TRUNCATED = "results truncated due to limit";
    /** The hint storage gets for lookups that need no samples. */
    private static final String SERIES_FUNCTION = "series";

    private final TenantStorage tenants;

    LabelEndpoints(TenantStorage tenants) {
        this.tenants = tenants;
    }

    Reply series(ApiRequest request) {
        RequestParams p = request.params();
        List<String> selectors = p.all("match[]");
        if (selectors.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        int limit = ParamParser.limit(p);
        long start = ParamParser.optionalTime(p, "start", ParamParser.MIN_TIME);
        long end = ParamParser.optionalTime(p, "end", ParamParser.MAX_TIME);
        List<List<LabelMatcher>> sets;
        try {
            sets = ParamParser.matcherSets(selectors);
        } catch (ApiException e) {
            throw ApiException.invalidParameter("match[]", e.getMessage());
        }
        TreeSet<Labels> found = new TreeSet<>();
        LinkedHashSet<String> warnings = new LinkedHashSet<>();
        SelectHints hints = new SelectHints(start, end, 0, 0, SERIES_FUNCTION, List.of(), false);
        try (Querier q = tenants.forTenant(request.tenant()).querier(start, end)) {
            for (List<LabelMatcher> set : sets) {
                SeriesSet series = q.select(hints, set);
                while (series.next()) {
                    checkInterrupted();
                    found.add(series.at().labels());
                }
                warnings.addAll(series.warnings());
            }
        }
        List<Labels> result = new ArrayList<>(found);
        if (limit > 0 && result.size() > limit) {
            result = result.subList(0, limit);
            warnings.add(TRUNCATED);
        }
        List<Labels> shown = result;
        return new Reply(json -> {
            json.writeStartArray();
            for (Labels labels : shown) {
                ValueJson.labels(json, labels);
            }
            json.writeEndArray();
        }, List.copyOf(warnings), List.of());
    }

    Reply labelNames(ApiRequest request) {
        RequestParams p = request.params();
        int limit = ParamParser.limit(p);
        long start = ParamParser.optionalTime(p, "start", ParamParser.MIN_TIME);
        long end = ParamParser.optionalTime(p, "end", ParamParser.MAX_TIME);
        List<List<LabelMatcher>> sets = ParamParser.matcherSets(p.all("match[]"));
        TreeSet<String> names = new TreeSet<>();
        int hintLimit = limit > 0 ? limit + 1 : 0;
        try (Querier q = tenants.forTenant(request.tenant()).querier(start, end)) {
            if (sets.isEmpty()) {
                names.addAll(q.labelNames(List.of(), hintLimit));
            }
            for (List<LabelMatcher> set : sets) {
                names.addAll(q.labelNames(set, hintLimit));
            }
        }
        return strings(new ArrayList<>(names), limit);
    }

    Reply labelValues(ApiRequest request) {
        String name = LabelNameEscaping.unescape(request.pathName() == null ? "" : request.pathName());
        if (name.isEmpty()) {
            throw ApiException.badData("invalid label name: \"" + name + "\"");
        }
        RequestParams p = request.params();
        int limit = ParamParser.limit(p);
        long start = ParamParser.optionalTime(p, "start", ParamParser.MIN_TIME);
        long end = ParamParser.optionalTime(p, "end", ParamParser.MAX_TIME);
        List<List<LabelMatcher>> sets = ParamParser.matcherSets(p.all("match[]"));
        TreeSet<String> values = new TreeSet<>();
        int hintLimit = limit > 0 ? limit + 1 : 0;
        try (Querier q = tenants.forTenant(request.tenant()).querier(start, end)) {
            if (sets.isEmpty()) {
                values.addAll(q.labelValues(name, List.of(), hintLimit));
            }
            for (List<LabelMatcher> set : sets) {
                values.addAll(q.labelValues(name, set, hintLimit));
            }
        }
        return strings(new ArrayList<>(values), limit);
    }

    private static Reply strings(List<String> sorted, int limit) {
        List<String> warnings = new ArrayList<>();
        List<String> result = sorted;
        if (limit > 0 && result.size() > limit) {
            result = result.subList(0, limit);
            warnings.add(TRUNCATED);
        }
        List<String> shown = result;
        return new Reply(json -> {
            json.writeStartArray();
            for (String s : shown) {
                json.writeString(s);
            }
            json.writeEndArray();
        }, warnings, List.of());
    }

    Reply metadata(ApiRequest request) {
        RequestParams p = request.params();
        int limit = number(p, "limit");
        int limitPerMetric = number(p, "limit_per_metric");
        Storage storage = tenants.forTenant(request.tenant());
        // An explicit limit of 0 asks for nothing, as in Prometheus; storage reads 0 as "no limit".
        Map<String, List<MetricMetadata>> found = limit == 0 ? Map.of()
                : storage.metadata(p.get("metric"), Math.max(limit, 0), Math.max(limitPerMetric, 0));
        TreeMap<String, List<MetricMetadata>> sorted = new TreeMap<>(found);
        return Reply.of(json -> {
            json.writeStartObject();
            for (Map.Entry<String, List<MetricMetadata>> e : sorted.entrySet()) {
                json.writeArrayFieldStart(e.getKey());
                for (MetricMetadata m : e.getValue()) {
                    json.writeStartObject();
                    json.writeStringField("type", m.type().apiName());
                    json.writeStringField("help", m.help());
                    json.writeStringField("unit", m.unit());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** {@code limit} and {@code limit_per_metric} of {@code /metadata}: -1 when absent. */
    private static int number(RequestParams p, String name) {
        String text = p.get(name);
        if (text.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badData(name + " must be a number");
        }
    }

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ApiException(ApiErrorType.CANCELED, "query was canceled");
        }
    }
}
