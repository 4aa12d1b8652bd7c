package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.logs.logql.template.GoValues;
import java.util.List;

/**
 * A {@link LabelFilter} compiled for evaluation, with Loki's rules: a string matcher sees an
 * absent label as {@code ""} (and {@code __error__} as the current error); a numeric, duration or
 * byte comparison drops an entry without the label, and keeps one whose value does not read,
 * setting {@code __error__=LabelFilterErr} and Go's message as details unless an error is already
 * set; an {@code ip()} filter passes every entry that already has an error. {@code and} evaluates
 * every operand (so each may set the error), {@code or} stops at the first that holds.
 *
 * <p>Immutable and thread-safe.
 */
final class LabelFilterStep implements PipelineStep {

    static final String ERROR = "LabelFilterErr";

    private final Condition condition;

    LabelFilterStep(LabelFilter filter) {
        this.condition = compile(filter);
    }

    @Override
    public boolean apply(PipelineEntry entry) {
        return condition.holds(entry.labels);
    }

    /** Whether {@code labels} satisfy the filter (setting the error label as described above). */
    boolean holds(PipelineLabels labels) {
        return condition.holds(labels);
    }

    private interface Condition {
        boolean holds(PipelineLabels labels);
    }

    private static Condition compile(LabelFilter filter) {
        return switch (filter) {
            case LabelFilter.StringMatch s -> {
                LabelMatcher m = s.matcher();
                // Interned as the parsers' names are, so that the label is found by identity.
                String name = m.name().intern();
                String expected = m.value();
                boolean ascii = PipelineLabels.isAscii(expected);
                // Equality is tested on the value in place, which spares a slice's String on the lines dropped.
                yield switch (m.type()) {
                    case EQUAL -> labels -> labels.valueEquals(name, expected, ascii);
                    case NOT_EQUAL -> labels -> !labels.valueEquals(name, expected, ascii);
                    default -> labels -> m.matches(labels.valueOrEmpty(name));
                };
            }
            case LabelFilter.NumberCompare n -> new Compare(n.name().intern(), n.op(), Kind.NUMBER, n.value(), 0);
            case LabelFilter.DurationCompare d -> new Compare(d.name(), d.op(), Kind.DURATION, 0, d.value().toNanos());
            case LabelFilter.BytesCompare b -> new Compare(b.name(), b.op(), Kind.BYTES, 0, b.bytes());
            case LabelFilter.IpMatch ip -> {
                IpPattern pattern = IpPattern.parse(ip.pattern());
                String name = ip.name();
                boolean negated = ip.negated();
                yield labels -> {
                    if (labels.hasError()) {
                        return true;
                    }
                    String v = labels.get(name);
                    return v != null && pattern.matchesIn(v) != negated;
                };
            }
            case LabelFilter.And and -> {
                Condition[] parts = compileAll(and.operands());
                yield labels -> {
                    boolean all = true;
                    for (Condition c : parts) {
                        all &= c.holds(labels);
                    }
                    return all;
                };
            }
            case LabelFilter.Or or -> {
                Condition[] parts = compileAll(or.operands());
                yield labels -> {
                    for (Condition c : parts) {
                        if (c.holds(labels)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
        };
    }

    private static Condition[] compileAll(List<LabelFilter> filters) {
        Condition[] out = new Condition[filters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(filters.get(i));
        }
        return out;
    }

    /**
     * {@code v[from, to)} read as Go's {@code strconv.ParseFloat} reads it: a plain integer through
     * {@link #plainInteger}, anything else through the general reader.
     */
    static double readNumber(String v, int from, int to) throws GoValues.BadValue {
        double read = plainInteger(v, from, to);
        return Double.isNaN(read) ? GoValues.parseFloat(v.substring(from, to)) : read;
    }

    /**
     * {@code v[from, to)} as a plain integer of up to 15 digits with an optional minus (most
     * numeric labels: status codes, sizes, counts), read exactly from its characters since every
     * such integer is a double; NaN when it is anything else. ASCII digits are the same in a
     * line's UTF-8 bytes viewed as Latin-1, so this reads such slices too.
     */
    static double plainInteger(String v, int from, int to) {
        boolean negative = to - from > 1 && v.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (to == i || to - i > 15) {
            return Double.NaN;
        }
        long read = 0;
        for (; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return Double.NaN;
            }
            read = read * 10 + (c - '0');
        }
        return negative ? -(double) read : (double) read;
    }

    private enum Kind { NUMBER, DURATION, BYTES }

    private record Compare(String name, LabelFilter.Comparison op, Kind kind, double number, long integer) implements Condition {

        @Override
        public boolean holds(PipelineLabels labels) {
            int at = kind == Kind.NUMBER ? labels.slot(name) : -1;
            if (at >= 0 && labels.isSlice(at)) {
                // A number still in the line is read from there: no String unless it is not a plain integer.
                try {
                    double read = plainInteger(labels.sliceLine(at), labels.sliceFrom(at), labels.sliceTo(at));
                    if (Double.isNaN(read)) {
                        read = GoValues.parseFloat(labels.valueAt(at));
                    }
                    return compare(read < number ? -1 : read > number ? 1 : 0, Double.isNaN(read) || Double.isNaN(number));
                } catch (GoValues.BadValue e) {
                    if (!labels.hasError()) {
                        labels.setError(ERROR, e.getMessage());
                    }
                    return true;
                }
            }
            String v = labels.get(name);
            if (v == null) {
                return false;
            }
            try {
                if (kind == Kind.NUMBER) {
                    double read = readNumber(v, 0, v.length());
                    return compare(read < number ? -1 : read > number ? 1 : 0, Double.isNaN(read) || Double.isNaN(number));
                }
                long read = kind == Kind.DURATION ? GoValues.parseDurationNanos(v) : GoValues.parseBytes(v);
                return compare(Long.compare(read, integer), false);
            } catch (GoValues.BadValue e) {
                if (!labels.hasError()) {
                    labels.setError(ERROR, e.getMessage());
                }
                return true;
            }
        }

        /** {@code order} is the comparison's sign; with a NaN only {@code !=} holds, as with Go floats. */
        private boolean compare(int order, boolean nan) {
            if (nan) {
                return op == LabelFilter.Comparison.NEQ;
            }
            return switch (op) {
                case EQ -> order == 0;
                case NEQ -> order != 0;
                case GT -> order > 0;
                case GTE -> order >= 0;
                case LT -> order < 0;
                case LTE -> order <= 0;
            };
        }
    }
}
