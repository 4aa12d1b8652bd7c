package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Utf8LabelOrder;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.parser.Expr;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The functions over instant vectors and scalars, applied at one step: arithmetic and
 * trigonometry, clamping and rounding, date parts, sorting, {@code vector}/{@code scalar},
 * {@code absent}, and the native-histogram accessors. Float functions skip histogram samples,
 * as Prometheus does; results mark the name for removal unless the function keeps the series'
 * identity ({@code sort}, {@code vector}).
 */
final class InstantFunctions {

    private final Evaluation ev;
    private final Expr.Call call;
    private final String name;

    InstantFunctions(Evaluation ev, Expr.Call call) {
        this.ev = ev;
        this.call = call;
        this.name = call.function().name();
    }

    /** Whether the function reads {@code vector(time())} when called with no argument. */
    static boolean takesTimeByDefault(String name) {
        return switch (name) {
            case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" -> true;
            default -> false;
        };
    }

    List<StepSample> apply(List<List<StepSample>> args, long ts) {
        List<StepSample> in = args.isEmpty() ? List.of() : args.get(0);
        return switch (name) {
            case "clamp" -> clamp(in, scalar(args, 1), scalar(args, 2));
            case "clamp_min" -> clamp(in, scalar(args, 1), Double.POSITIVE_INFINITY);
            case "clamp_max" -> clamp(in, Double.NEGATIVE_INFINITY, scalar(args, 1));
            case "round" -> round(in, args.size() > 1 ? scalar(args, 1) : 1);
            case "timestamp" -> timestamps(in, ts);
            case "vector" -> List.of(StepSample.ofFloat(Labels.empty(), scalar(args, 0), false));
            case "scalar" -> List.of(StepSample.ofFloat(Labels.empty(), scalarOf(in), false));
            case "absent" -> in.isEmpty() ? List.of(StepSample.ofFloat(FunctionCalls.absentLabels(call.args().get(0)), 1, false)) : List.of();
            case "sort" -> sortByValue(in, false);
            case "sort_desc" -> sortByValue(in, true);
            case "sort_by_label" -> sortByLabel(in, false);
            case "sort_by_label_desc" -> sortByLabel(in, true);
            case "day_of_month" -> date(in, t -> t.getDayOfMonth());
            case "day_of_week" -> date(in, t -> t.getDayOfWeek().getValue() % 7);
            case "day_of_year" -> date(in, t -> t.getDayOfYear());
            case "days_in_month" -> date(in, t -> LocalDate.of(t.getYear(), t.getMonth(), 1).lengthOfMonth());
            case "hour" -> date(in, t -> t.getHour());
            case "minute" -> date(in, t -> t.getMinute());
            case "month" -> date(in, t -> t.getMonthValue());
            case "year" -> date(in, t -> t.getYear());
            case "histogram_count" -> histograms(in, FloatHistogram::count);
            case "histogram_sum" -> histograms(in, FloatHistogram::sum);
            case "histogram_avg" -> histograms(in, h -> h.sum() / h.count());
            default -> {
                DoubleUnaryOperator f = pointwise(name);
                yield f != null ? floats(in, f) : HistogramCalls.apply(ev, call, args, ts);
            }
        };
    }

    /**
     * The float-to-float functions without parameters, or null when {@code name} is not one.
     * They keep each series' identity, so the engine can also apply them series by series.
     */
    static DoubleUnaryOperator pointwise(String name) {
        return switch (name) {
            case "abs" -> Math::abs;
            case "ceil" -> Math::ceil;
            case "floor" -> Math::floor;
            case "exp" -> Math::exp;
            case "sqrt" -> Math::sqrt;
            case "ln" -> Math::log;
            case "log2" -> v -> Math.log(v) / Math.log(2);
            case "log10" -> Math::log10;
            case "sin" -> Math::sin;
            case "cos" -> Math::cos;
            case "tan" -> Math::tan;
            case "asin" -> Math::asin;
            case "acos" -> Math::acos;
            case "atan" -> Math::atan;
            case "sinh" -> Math::sinh;
            case "cosh" -> Math::cosh;
            case "tanh" -> Math::tanh;
            case "asinh" -> InstantFunctions::asinh;
            case "acosh" -> v -> Math.log(v + Math.sqrt(v * v - 1));
            case "atanh" -> v -> 0.5 * Math.log((1 + v) / (1 - v));
            case "deg" -> v -> v * 180 / Math.PI;
            case "rad" -> v -> v * Math.PI / 180;
            case "sgn" -> v -> v < 0 ? -1 : v > 0 ? 1 : v;
            default -> null;
        };
    }

    private static double asinh(double v) {
        if (Double.isInfinite(v)) {
            return v;
        }
        return Math.log(v + Math.sqrt(v * v + 1));
    }

    private static double scalar(List<List<StepSample>> args, int i) {
        List<StepSample> v = args.get(i);
        return v.isEmpty() ? Double.NaN : v.get(0).f();
    }

    private static List<StepSample> floats(List<StepSample> in, DoubleUnaryOperator f) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            if (!s.isHistogram()) {
                out.add(new StepSample(s.labels(), f.applyAsDouble(s.f()), null, true));
            }
        }
        return out;
    }

    private static List<StepSample> clamp(List<StepSample> in, double min, double max) {
        if (max < min) {
            return List.of();
        }
        return floats(in, v -> Math.max(min, Math.min(max, v)));
    }

    private static List<StepSample> round(List<StepSample> in, double toNearest) {
        double inverse = 1.0 / toNearest;
        return floats(in, v -> Math.floor(v * inverse + 0.5) / inverse);
    }

    private static List<StepSample> timestamps(List<StepSample> in, long ts) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            out.add(new StepSample(s.labels(), ts / 1000.0, null, true));
        }
        return out;
    }

    private static double scalarOf(List<StepSample> in) {
        double value = Double.NaN;
        boolean found = false;
        for (StepSample s : in) {
            if (!s.isHistogram()) {
                if (found) {
                    return Double.NaN;
                }
                found = true;
                value = s.f();
            }
        }
        return value;
    }

    private static List<StepSample> sortByValue(List<StepSample> in, boolean descending) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            if (!s.isHistogram()) {
                out.add(s);
            }
        }
        // NaN sorts last in both directions, as in Prometheus.
        Comparator<StepSample> order = (a, b) -> {
            boolean an = Double.isNaN(a.f());
            boolean bn = Double.isNaN(b.f());
            if (an || bn) {
                return an == bn ? 0 : an ? 1 : -1;
            }
            return descending ? Double.compare(b.f(), a.f()) : Double.compare(a.f(), b.f());
        };
        out.sort(order);
        return out;
    }

    private List<StepSample> sortByLabel(List<StepSample> in, boolean descending) {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < call.args().size(); i++) {
            labels.add(FunctionCalls.stringArg(call.args().get(i)));
        }
        List<StepSample> out = new ArrayList<>(in);
        out.sort((a, b) -> {
            for (String label : labels) {
                String x = a.labels().get(label);
                String y = b.labels().get(label);
                x = x == null ? "" : x;
                y = y == null ? "" : y;
                if (x.equals(y)) {
                    continue;
                }
                int c = NaturalOrder.compare(x, y) < 0 ? -1 : 1;
                return descending ? -c : c;
            }
            int c = Utf8LabelOrder.compare(a.labels(), b.labels());
            return descending ? -c : c;
        });
        return out;
    }

    private interface DatePart {
        int of(ZonedDateTime t);
    }

    private static List<StepSample> date(List<StepSample> in, DatePart part) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            if (s.isHistogram()) {
                continue;
            }
            double v = s.f();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                out.add(new StepSample(s.labels(), Double.NaN, null, !s.labels().isEmpty()));
                continue;
            }
            ZonedDateTime t = Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC);
            out.add(new StepSample(s.labels(), part.of(t), null, !s.labels().isEmpty()));
        }
        return out;
    }

    private interface HistogramValue {
        double of(FloatHistogram h);
    }

    private static List<StepSample> histograms(List<StepSample> in, HistogramValue f) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            if (s.isHistogram()) {
                out.add(new StepSample(s.labels(), f.of(s.histogram()), null, true));
            }
        }
        return out;
    }
}
