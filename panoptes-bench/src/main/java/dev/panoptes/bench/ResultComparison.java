package dev.panoptes.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How two answers to the same range query differ: series only one side returned, and points
 * (a timestamp of a series both returned) present on one side only or with values further apart
 * than a relative {@link #TOLERANCE}. NaN equals NaN and infinities equal themselves.
 *
 * @param example the first difference found, for the report, or null when they agree
 * @param sameValuesPerStep whether, at every timestamp, both sides returned the same values
 *     (as a multiset, within the tolerance) even if on different series: true when the two
 *     differ only in which of several equal series a selecting aggregation such as topk kept
 */
record ResultComparison(int seriesCompared, int onlyLeft, int onlyRight, long pointsCompared, long pointsDiffering, String example,
                        boolean sameValuesPerStep) {

    static final double TOLERANCE = 1e-6;

    boolean agrees() {
        return onlyLeft == 0 && onlyRight == 0 && pointsDiffering == 0;
    }

    static ResultComparison compare(RangeResult left, RangeResult right) {
        TreeSet<String> keys = new TreeSet<>(left.series().keySet());
        keys.addAll(right.series().keySet());
        int compared = 0;
        int onlyLeft = 0;
        int onlyRight = 0;
        long points = 0;
        long differing = 0;
        String example = null;
        for (String key : keys) {
            RangeResult.Points l = left.series().get(key);
            RangeResult.Points r = right.series().get(key);
            if (r == null) {
                onlyLeft++;
                example = example != null ? example : "series only on the left: " + key;
                continue;
            }
            if (l == null) {
                onlyRight++;
                example = example != null ? example : "series only on the right: " + key;
                continue;
            }
            compared++;
            int i = 0;
            int j = 0;
            while (i < l.timestamps().length || j < r.timestamps().length) {
                long tl = i < l.timestamps().length ? l.timestamps()[i] : Long.MAX_VALUE;
                long tr = j < r.timestamps().length ? r.timestamps()[j] : Long.MAX_VALUE;
                points++;
                if (tl == tr) {
                    if (!equal(l.values()[i], r.values()[j])) {
                        differing++;
                        example = example != null ? example : String.format(Locale.ROOT, "%s at %d: %s vs %s", key, tl,
                                l.values()[i], r.values()[j]);
                    }
                    i++;
                    j++;
                } else if (tl < tr) {
                    differing++;
                    example = example != null ? example : String.format(Locale.ROOT, "%s at %d: %s vs no point", key, tl, l.values()[i]);
                    i++;
                } else {
                    differing++;
                    example = example != null ? example : String.format(Locale.ROOT, "%s at %d: no point vs %s", key, tr, r.values()[j]);
                    j++;
                }
            }
        }
        boolean sameValues = differing == 0 && onlyLeft == 0 && onlyRight == 0 || sameValuesPerStep(left, right);
        return new ResultComparison(compared, onlyLeft, onlyRight, points, differing, example, sameValues);
    }

    private static boolean sameValuesPerStep(RangeResult left, RangeResult right) {
        Map<Long, List<Double>> l = valuesPerStep(left);
        Map<Long, List<Double>> r = valuesPerStep(right);
        if (!l.keySet().equals(r.keySet())) {
            return false;
        }
        for (Map.Entry<Long, List<Double>> step : l.entrySet()) {
            List<Double> a = step.getValue();
            List<Double> b = r.get(step.getKey());
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<Long, List<Double>> valuesPerStep(RangeResult result) {
        Map<Long, List<Double>> steps = new HashMap<>();
        for (RangeResult.Points p : result.series().values()) {
            for (int i = 0; i < p.timestamps().length; i++) {
                steps.computeIfAbsent(p.timestamps()[i], t -> new ArrayList<>()).add(p.values()[i]);
            }
        }
        for (List<Double> values : steps.values()) {
            values.sort(Double::compare);
        }
        return steps;
    }

    /** Equal within the relative tolerance; NaN equals NaN. */
    static boolean equal(double a, double b) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
            return true;
        }
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return false;
        }
        return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
