package dev.panoptes.metrics.promql.parser;

import java.util.List;

/** Argument count and type rules of function calls, with Prometheus' messages. */
final class FunctionChecks {

    private FunctionChecks() {
    }

    static void check(Function f, List<Expr> args, Token name, StringEscapes.ErrorFactory errors) {
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
        for (int i = 0; i < n; i++) {
            ExprType expected = f.argTypes().get(Math.min(i, f.argTypes().size() - 1));
            ExprType actual = args.get(i).type();
            if (actual != expected) {
                throw errors.at(at, "expected type " + expected.description() + " in call to function \""
                        + f.name() + "\", got " + actual.description());
            }
        }
    }
}
