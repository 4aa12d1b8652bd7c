package dev.panoptes.metrics.promql.parser;

import static dev.panoptes.metrics.promql.parser.ExprType.MATRIX;
import static dev.panoptes.metrics.promql.parser.ExprType.SCALAR;
import static dev.panoptes.metrics.promql.parser.ExprType.STRING;
import static dev.panoptes.metrics.promql.parser.ExprType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PromQL function's signature: argument types, how many trailing arguments are optional
 * ({@code variadic} &gt; 0) or repeatable ({@code variadic} &lt; 0), and the return type.
 */
public record Function(String name, List<ExprType> argTypes, int variadic, ExprType returnType) {

    private static final Map<String, Function> FUNCTIONS = new HashMap<>();

    static {
        for (String f : new String[] {"abs", "ceil", "exp", "floor", "ln", "log2", "log10", "sqrt", "sgn",
            "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
            "deg", "rad", "absent", "sort", "sort_desc", "timestamp", "histogram_count", "histogram_sum",
            "histogram_avg", "histogram_stddev", "histogram_stdvar"}) {
            define(f, VECTOR, 0, VECTOR);
        }
        for (String f : new String[] {"avg_over_time", "count_over_time", "last_over_time", "first_over_time",
            "max_over_time", "min_over_time", "sum_over_time", "stddev_over_time", "stdvar_over_time",
            "mad_over_time", "present_over_time", "absent_over_time", "changes", "resets", "delta", "deriv",
            "idelta", "increase", "irate", "rate", "ts_of_max_over_time", "ts_of_min_over_time",
            "ts_of_last_over_time", "ts_of_first_over_time"}) {
            define(f, VECTOR, 0, MATRIX);
        }
        for (String f : new String[] {"day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
            "minute", "month", "year"}) {
            define(f, VECTOR, 1, VECTOR);
        }
        define("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR);
        define("clamp_max", VECTOR, 0, VECTOR, SCALAR);
        define("clamp_min", VECTOR, 0, VECTOR, SCALAR);
        define("round", VECTOR, 1, VECTOR, SCALAR);
        define("histogram_quantile", VECTOR, 0, SCALAR, VECTOR);
        define("histogram_fraction", VECTOR, 0, SCALAR, SCALAR, VECTOR);
        define("double_exponential_smoothing", VECTOR, 0, MATRIX, SCALAR, SCALAR);
        define("holt_winters", VECTOR, 0, MATRIX, SCALAR, SCALAR);
        define("predict_linear", VECTOR, 0, MATRIX, SCALAR);
        define("quantile_over_time", VECTOR, 0, SCALAR, MATRIX);
        define("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING);
        define("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING);
        define("sort_by_label", VECTOR, -1, VECTOR, STRING);
        define("sort_by_label_desc", VECTOR, -1, VECTOR, STRING);
        define("info", VECTOR, 1, VECTOR, VECTOR);
        define("histogram_quantiles", VECTOR, -1, VECTOR, STRING, SCALAR);
        define("start_timestamp", VECTOR, 0, VECTOR);
        // The query's step, range, start and end, and the scalar minimum and maximum.
        for (String f : new String[] {"step", "range", "start", "end"}) {
            define(f, SCALAR, 0);
        }
        define("min_of", SCALAR, 0, SCALAR, SCALAR);
        define("max_of", SCALAR, 0, SCALAR, SCALAR);
        define("pi", SCALAR, 0);
        define("time", SCALAR, 0);
        define("scalar", SCALAR, 0, VECTOR);
        define("vector", VECTOR, 0, SCALAR);
    }

    public Function {
        argTypes = List.copyOf(argTypes);
    }

    private static void define(String name, ExprType returns, int variadic, ExprType... args) {
        FUNCTIONS.put(name, new Function(name, List.of(args), variadic, returns));
    }

    /** The function of that name, or null when PromQL has none. */
    public static Function named(String name) {
        return FUNCTIONS.get(name);
    }
}
