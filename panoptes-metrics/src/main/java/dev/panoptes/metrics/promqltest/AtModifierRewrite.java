package dev.panoptes.metrics.promqltest;

import dev.panoptes.metrics.promql.parser.At;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.Parser;
import dev.panoptes.metrics.promql.parser.Printer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The step-invariance check of instant evals: every selector and subquery without a fixed
 * {@code @} gets {@code @ <eval time>} ({@code @ start()} and {@code @ end()} become that time
 * too; nothing inside a subquery is touched), and the printed result must give the same answer
 * when evaluated at other times. Expressions calling a function that reads the evaluation time
 * itself are left out. Stateless.
 *
 * <p>Nodes are rebuilt through their canonical record constructors, found by reflection, so that
 * every component of a node (including ones the parser gains later) is carried over unchanged
 * and only {@code at} and child expressions differ.
 */
final class AtModifierRewrite {

    /** Functions whose value depends on the evaluation time even when their arguments do not. */
    private static final Set<String> TIME_DEPENDENT = Set.of("time", "timestamp", "minute", "hour", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "month", "year", "predict_linear", "start", "end", "range",
            "step");

    /** One extra query: the rewritten expression and the time to evaluate it at. */
    record Case(String expr, long evalTime) {
    }

    private AtModifierRewrite() {
    }

    /** The extra queries for an instant eval at {@code evalTime}; empty when the check does not apply. */
    static List<Case> cases(String expr, long evalTime) {
        Expr parsed = Parser.parse(expr);
        if (callsTimeDependentFunction(parsed)) {
            return List.of();
        }
        String rewritten = Printer.print(pin(parsed, new At(At.Kind.TIMESTAMP, evalTime)));
        long[] times = evalTime == 0 ? new long[] {-1000, 0, 1000}
                : new long[] {-10 * evalTime, 0, evalTime / 5, evalTime, 10 * evalTime};
        List<Case> cases = new ArrayList<>(times.length);
        for (long t : times) {
            cases.add(new Case(rewritten, t));
        }
        return cases;
    }

    private static boolean callsTimeDependentFunction(Expr e) {
        return switch (e) {
            case Expr.Subquery ignored -> false;
            case Expr.Call c when TIME_DEPENDENT.contains(c.function().name()) -> true;
            default -> {
                for (Expr child : children(e)) {
                    if (callsTimeDependentFunction(child)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    static Expr pin(Expr e, At at) {
        return switch (e) {
            case Expr.VectorSelector vs -> needsPin(vs.at()) ? with(vs, "at", at) : vs;
            case Expr.MatrixSelector ms -> needsPin(ms.selector().at()) ? with(ms, "selector", with(ms.selector(), "at", at)) : ms;
            case Expr.Subquery sq -> needsPin(sq.at()) ? with(sq, "at", at) : sq;
            default -> mapChildren(e, at);
        };
    }

    private static boolean needsPin(At at) {
        return at == null || at.kind() != At.Kind.TIMESTAMP;
    }

    private static List<Expr> children(Expr e) {
        List<Expr> out = new ArrayList<>();
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            Object v = read(c, e);
            if (v instanceof Expr child) {
                out.add(child);
            } else if (v instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Expr child) {
                        out.add(child);
                    }
                }
            }
        }
        return out;
    }

    private static Expr mapChildren(Expr e, At at) {
        RecordComponent[] components = e.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean changed = false;
        for (int i = 0; i < components.length; i++) {
            Object v = read(components[i], e);
            if (v instanceof Expr child) {
                Expr pinned = pin(child, at);
                changed |= pinned != child;
                v = pinned;
            } else if (v instanceof List<?> list && list.stream().anyMatch(Expr.class::isInstance)) {
                List<Object> mapped = new ArrayList<>(list.size());
                for (Object item : list) {
                    Object m = item instanceof Expr child ? pin(child, at) : item;
                    changed |= m != item;
                    mapped.add(m);
                }
                v = mapped;
            }
            values[i] = v;
        }
        return changed ? construct(e, components, values) : e;
    }

    private static <T extends Record> T with(T node, String component, Object value) {
        RecordComponent[] components = node.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean found = false;
        for (int i = 0; i < components.length; i++) {
            boolean target = components[i].getName().equals(component);
            found |= target;
            values[i] = target ? value : read(components[i], node);
        }
        if (!found) {
            throw new IllegalStateException(node.getClass().getSimpleName() + " has no component " + component);
        }
        return construct(node, components, values);
    }

    private static Object read(RecordComponent c, Object node) {
        try {
            return c.getAccessor().invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + node.getClass().getSimpleName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T construct(T node, RecordComponent[] components, Object[] values) {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = node.getClass().getDeclaredConstructor(types);
            return (T) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + node.getClass().getSimpleName(), e);
        }
    }
}
