package dev.panoptes.logs.logql.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders parsed template nodes for one entry, with Go's rules for truth (false, 0, "", nil and
 * empty collections are false), printing ({@link GoFormat#print}), variables and {@code range}.
 * Values are String, Long (Go int), Double (float64), Boolean, {@link java.time.ZonedDateTime}
 * (time.Time), Map, List or null. Single-use.
 */
final class TemplateEvaluator {

    static final int MAX_STEPS = 100_000;
    static final int MAX_OUTPUT = 1 << 20;

    private final String name;
    private final Map<String, String> labels;
    final String line;
    final long timestampNanos;
    private final StringBuilder out;
    private final List<String> varNames = new ArrayList<>();
    private final List<Object> varValues = new ArrayList<>();
    private int steps;
    private String at = "";

    private static final class LoopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    TemplateEvaluator(String name, Map<String, String> labels, String line, long timestampNanos, StringBuilder out) {
        this.name = name;
        this.labels = labels;
        this.line = line;
        this.timestampNanos = timestampNanos;
        this.out = out;
        varNames.add("$");
        varValues.add(labels);
    }

    void run(List<TemplateNode> nodes) {
        walk(nodes, labels);
    }

    private void walk(List<TemplateNode> nodes, Object dot) {
        for (TemplateNode node : nodes) {
            if (++steps > MAX_STEPS) {
                throw fail("template evaluation exceeded " + MAX_STEPS + " steps");
            }
            switch (node) {
                case TemplateNode.Text t -> append(t.text());
                case TemplateNode.Action a -> {
                    at = a.pipeline().text();
                    Object v = pipeline(a.pipeline(), dot);
                    if (a.pipeline().declared().isEmpty()) {
                        append(GoFormat.print(v));
                    }
                }
                case TemplateNode.Branch b -> branch(b, dot);
                case TemplateNode.LoopControl c -> throw new LoopSignal(c.isBreak());
            }
        }
    }

    private void branch(TemplateNode.Branch b, Object dot) {
        int mark = varNames.size();
        at = b.pipeline().text();
        if (b.kind() == TemplateNode.Branch.Kind.RANGE) {
            range(b, dot);
            truncateVars(mark);
            return;
        }
        Object v = pipeline(b.pipeline(), dot);
        if (isTrue(v)) {
            walk(b.body(), b.kind() == TemplateNode.Branch.Kind.WITH ? v : dot);
        } else {
            walk(b.orElse(), dot);
        }
        truncateVars(mark);
    }

    private void range(TemplateNode.Branch b, Object dot) {
        TemplateNode.Pipeline p = b.pipeline();
        TemplateNode.Pipeline valueOnly = new TemplateNode.Pipeline(List.of(), false, p.commands(), p.text());
        Object v = pipeline(valueOnly, dot);
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        switch (v) {
            case null -> { }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    keys.add((long) i);
                    values.add(list.get(i));
                }
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                    keys.add(e.getKey());
                    values.add(e.getValue());
                }
            }
            case Long n -> {
                if (n > MAX_STEPS) {
                    throw fail("range over " + n + " exceeds " + MAX_STEPS + " steps");
                }
                for (long i = 0; i < n; i++) {
                    keys.add(i);
                    values.add(i);
                }
            }
            default -> throw fail("range can't iterate over " + GoFormat.print(v));
        }
        if (values.isEmpty()) {
            walk(b.orElse(), dot);
            return;
        }
        int mark = varNames.size();
        for (int i = 0; i < values.size(); i++) {
            truncateVars(mark);
            List<String> declared = p.declared();
            if (declared.size() == 1) {
                declare(declared.get(0), values.get(i));
            } else if (declared.size() == 2) {
                declare(declared.get(0), keys.get(i));
                declare(declared.get(1), values.get(i));
            }
            try {
                walk(b.body(), values.get(i));
            } catch (LoopSignal s) {
                if (s.isBreak) {
                    break;
                }
            }
        }
    }

    private Object pipeline(TemplateNode.Pipeline p, Object dot) {
        Object value = null;
        boolean first = true;
        for (TemplateNode.Command c : p.commands()) {
            value = command(c, dot, first ? NO_VALUE : value);
            first = false;
        }
        if (!p.declared().isEmpty()) {
            if (p.assign()) {
                assign(p.declared().get(0), value);
            } else {
                declare(p.declared().get(0), value);
            }
        }
        return value;
    }

    private static final Object NO_VALUE = new Object();

    private Object command(TemplateNode.Command c, Object dot, Object piped) {
        List<TemplateNode.Operand> ops = c.operands();
        TemplateNode.Operand head = ops.get(0);
        if (head instanceof TemplateNode.Identifier id) {
            if (id.name().equals("and") || id.name().equals("or")) {
                return andOr(id.name().equals("and"), ops, dot, piped);
            }
            List<Object> args = new ArrayList<>(ops.size());
            for (int i = 1; i < ops.size(); i++) {
                args.add(operand(ops.get(i), dot));
            }
            if (piped != NO_VALUE) {
                args.add(piped);
            }
            try {
                return TemplateFunctions.call(id.name(), args, this);
            } catch (TemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw fail("error calling " + id.name() + ": " + e.getMessage());
            }
        }
        if (ops.size() > 1 || piped != NO_VALUE) {
            throw fail("can't give argument to non-function " + describe(head));
        }
        return operand(head, dot);
    }

    private Object andOr(boolean and, List<TemplateNode.Operand> ops, Object dot, Object piped) {
        Object v = null;
        int n = ops.size() - 1 + (piped != NO_VALUE ? 1 : 0);
        if (n < 1) {
            throw fail("wrong number of args for " + (and ? "and" : "or") + ": want at least 1 got 0");
        }
        for (int i = 1; i <= n; i++) {
            v = i < ops.size() ? operand(ops.get(i), dot) : piped;
            if (isTrue(v) != and) {
                return v;
            }
        }
        return v;
    }

    private Object operand(TemplateNode.Operand op, Object dot) {
        return switch (op) {
            case TemplateNode.Constant k -> k.value();
            case TemplateNode.Field f -> fields(dot, f.path());
            case TemplateNode.Variable v -> fields(variable(v.name()), v.path());
            case TemplateNode.Parenthesized p -> fields(pipeline(p.pipeline(), dot), p.path());
            case TemplateNode.Identifier id -> {
                try {
                    yield TemplateFunctions.call(id.name(), List.of(), this);
                } catch (TemplateException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw fail("error calling " + id.name() + ": " + e.getMessage());
                }
            }
        };
    }

    private Object fields(Object value, List<String> path) {
        Object v = value;
        for (String field : path) {
            if (v instanceof Map<?, ?> map) {
                Object next = map.get(field);
                v = next == null && map == labels ? "" : next;
            } else if (v == null) {
                throw fail("nil pointer evaluating interface {}." + field);
            } else {
                throw fail("can't evaluate field " + field + " in type " + GoFormat.typeName(v));
            }
        }
        return v;
    }

    private Object variable(String var) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(var)) {
                return varValues.get(i);
            }
        }
        throw fail("undefined variable: " + var);
    }

    private void declare(String var, Object value) {
        varNames.add(var);
        varValues.add(value);
    }

    private void assign(String var, Object value) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(var)) {
                varValues.set(i, value);
                return;
            }
        }
        throw fail("undefined variable: " + var);
    }

    private void truncateVars(int size) {
        while (varNames.size() > size) {
            varNames.remove(varNames.size() - 1);
            varValues.remove(varValues.size() - 1);
        }
    }

    private void append(String s) {
        if (out.length() + s.length() > MAX_OUTPUT) {
            throw fail("template output exceeds " + MAX_OUTPUT + " characters");
        }
        out.append(s);
    }

    static boolean isTrue(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long n -> n != 0;
            case Double d -> d != 0;
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            default -> true;
        };
    }

    private static String describe(TemplateNode.Operand op) {
        return switch (op) {
            case TemplateNode.Field f -> "." + String.join(".", f.path());
            case TemplateNode.Variable v -> v.name();
            case TemplateNode.Constant k -> GoFormat.print(k.value());
            default -> "value";
        };
    }

    TemplateException fail(String message) {
        return new TemplateException("template: " + name + ":1:2: executing \"" + name + "\" at <" + at + ">: " + message);
    }
}
