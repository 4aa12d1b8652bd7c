package dev.panoptes.metrics.promql.parser;

import java.util.List;
import java.util.function.ToIntFunction;

/** Argument count and type rules of function calls, with Prometheus' messages. */
final class FunctionChecks {

    private FunctionChecks() {
    }

    /** Count errors point at the function name, type errors at the argument, as Prometheus' do. */
    static void check(Function f, List<Expr> args, Token name, ToIntFunction<Expr> startOf,
            StringEscapes.ErrorFactory errors) {
        int required = f.variadic() > 0 ? f.argTypes().size() - f.variadic()
                : f.variadic() < 0 ? f.argTypes().size() - 1 : f.argTypes().size();
        int n = args.size();
        int at = name.start();
        if (f.variadic() == 0 && n != required) {
            throw errors.at(at, "expected " + required + " argument(s) in call to \"" + f.name() + "\", got " + n);
        }
        if (f.variadic() != 0 && n < required) {
            throw errors.at(at, "expected at least " + required + " argument(s) in call to \"" + f.name()
                    + "\", got " + n);
        }
        if (f.variadic() > 0 && n > f.argTypes().size()) {
            throw errors.at(at, "expected at most " + f.argTypes().size() + " argument(s) in call to \""
                    + f.name() + "\", got " + n);
        }
        if (f.name().equals("info") && n > 1) {
            infoSelector(args.get(1), at, startOf.applyAsInt(args.get(1)), errors);
        }
        for (int i = 0; i < n; i++) {
            ExprType expected = f.argTypes().get(Math.min(i, f.argTypes().size() - 1));
            ExprType actual = args.get(i).type();
            if (actual != expected) {
                throw errors.at(startOf.applyAsInt(args.get(i)), "expected type " + expected.description() + " in call to function \""
                        + f.name() + "\", got " + actual.description());
            }
        }
    }

    /** info()'s second argument must be a bare label selector such as {@code {env="prod"}}. */
    private static void infoSelector(Expr arg, int call, int start, StringEscapes.ErrorFactory errors) {
        if (arg.type() != ExprType.VECTOR) {
            throw errors.at(call, "expected type instant vector in call to function \"info\", got "
                    + arg.type().description());
        }
        if (!(arg instanceof Expr.VectorSelector vs)) {
            throw errors.at(start, "expected label selectors only");
        }
        if (vs.metricName() != null) {
            throw errors.at(start, "expected label selectors only, got vector selector instead");
        }
    }
}
