package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last step of evaluation: series whose name was marked for removal lose {@code __name__}
 * and the metadata labels {@code __type__} and {@code __unit__}; series that then share a label
 * set are merged when their points do not overlap, and fail the query when they do.
 */
final class NameRemoval {

    private static final List<String> METADATA_LABELS = List.of(Labels.METRIC_NAME, "__type__", "__unit__");

    private NameRemoval() {
    }

    static List<EvalSeries> dropMarkedNames(List<EvalSeries> series) {
        for (EvalSeries s : series) {
            if (s.dropName) {
                s.labels = s.labels.without(METADATA_LABELS);
                s.dropName = false;
            }
        }
        return series;
    }

    static void checkUnique(List<Sample> samples) {
        Set<Labels> seen = new HashSet<>();
        for (Sample s : samples) {
            if (!seen.add(s.labels())) {
                throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
            }
        }
    }

    static List<EvalSeries> mergeSameLabels(List<EvalSeries> series) {
        dropMarkedNames(series);
        Map<Labels, List<EvalSeries>> byLabels = new LinkedHashMap<>();
        for (EvalSeries s : series) {
            byLabels.computeIfAbsent(s.labels, k -> new ArrayList<>(1)).add(s);
        }
        if (byLabels.size() == series.size()) {
            return new ArrayList<>(series);
        }
        List<EvalSeries> out = new ArrayList<>(byLabels.size());
        for (List<EvalSeries> group : byLabels.values()) {
            out.add(group.size() == 1 ? group.get(0) : merge(group));
        }
        return out;
    }

    private static EvalSeries merge(List<EvalSeries> group) {
        java.util.TreeMap<Long, Object> points = new java.util.TreeMap<>();
        for (EvalSeries s : group) {
            for (int i = 0; i < s.floatCount; i++) {
                if (points.put(s.floatTimes[i], s.floats[i]) != null) {
                    throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
                }
            }
            for (int i = 0; i < s.histogramCount; i++) {
                if (points.put(s.histogramTimes[i], s.histograms[i]) != null) {
                    throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
                }
            }
        }
        EvalSeries merged = new EvalSeries(group.get(0).labels, false);
        for (Map.Entry<Long, Object> e : points.entrySet()) {
            if (e.getValue() instanceof Double d) {
                merged.addFloat(e.getKey(), d);
            } else {
                merged.addHistogram(e.getKey(), (dev.panoptes.core.histogram.FloatHistogram) e.getValue());
            }
        }
        return merged;
    }
}
