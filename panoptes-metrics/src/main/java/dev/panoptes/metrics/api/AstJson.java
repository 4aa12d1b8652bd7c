package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.metrics.promql.parser.At;
import dev.panoptes.metrics.promql.parser.ExprType;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.VectorMatching;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The syntax tree as {@code /api/v1/parse_query} returns it for Prometheus 3's UI: one object per
 * node with a {@code type} and the node's fields, keys in alphabetical order (Prometheus writes
 * the tree from maps, which its encoder sorts). Syntax this parser does not have (duration
 * expressions, {@code anchored}/{@code smoothed} selectors, fill values) is written as absent:
 * null or false. Stateless.
 */
final class AstJson {

    private AstJson() {
    }

    static void write(JsonGenerator json, Expr e) throws IOException {
        switch (e) {
            case Expr.Aggregate a -> {
                json.writeStartObject();
                json.writeFieldName("expr");
                write(json, a.expr());
                strings(json, "grouping", a.grouping());
                json.writeStringField("op", a.op().keyword());
                json.writeFieldName("param");
                if (a.param() == null) {
                    json.writeNull();
                } else {
                    write(json, a.param());
                }
                json.writeStringField("type", "aggregation");
                json.writeBooleanField("without", a.without());
                json.writeEndObject();
            }
            case Expr.Binary b -> {
                json.writeStartObject();
                json.writeBooleanField("bool", b.returnBool());
                json.writeFieldName("lhs");
                write(json, b.lhs());
                json.writeFieldName("matching");
                matching(json, b.matching());
                json.writeStringField("op", b.op().symbol());
                json.writeFieldName("rhs");
                write(json, b.rhs());
                json.writeStringField("type", "binaryExpr");
                json.writeEndObject();
            }
            case Expr.Call c -> {
                json.writeStartObject();
                json.writeArrayFieldStart("args");
                for (Expr arg : c.args()) {
                    write(json, arg);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("func");
                json.writeArrayFieldStart("argTypes");
                for (ExprType t : c.function().argTypes()) {
                    json.writeString(valueType(t));
                }
                json.writeEndArray();
                json.writeStringField("name", c.function().name());
                json.writeStringField("returnType", valueType(c.function().returnType()));
                json.writeNumberField("variadic", c.function().variadic());
                json.writeEndObject();
                json.writeStringField("type", "call");
                json.writeEndObject();
            }
            case Expr.MatrixSelector ms -> {
                Expr.VectorSelector vs = ms.selector();
                json.writeStartObject();
                json.writeBooleanField("anchored", false);
                matchers(json, vs.matchers());
                json.writeStringField("name", vs.metricName() == null ? "" : vs.metricName());
                json.writeNumberField("offset", vs.offsetMillis());
                json.writeNullField("offsetExpr");
                json.writeNumberField("range", ms.rangeMillis());
                json.writeNullField("rangeExpr");
                json.writeBooleanField("smoothed", false);
                at(json, vs.at());
                json.writeStringField("type", "matrixSelector");
                json.writeEndObject();
            }
            case Expr.Subquery sq -> {
                json.writeStartObject();
                json.writeFieldName("expr");
                write(json, sq.expr());
                json.writeNumberField("offset", sq.offsetMillis());
                json.writeNullField("offsetExpr");
                json.writeNumberField("range", sq.rangeMillis());
                json.writeNullField("rangeExpr");
                // startOrEnd and timestamp sort around step.
                At at = sq.at();
                json.writeFieldName("startOrEnd");
                startOrEnd(json, at);
                json.writeNumberField("step", sq.stepMillis());
                json.writeNullField("stepExpr");
                json.writeFieldName("timestamp");
                timestamp(json, at);
                json.writeStringField("type", "subquery");
                json.writeEndObject();
            }
            case Expr.NumberLiteral n -> {
                json.writeStartObject();
                json.writeStringField("type", "numberLiteral");
                json.writeStringField("val", NumberText.fixed(n.value()));
                json.writeEndObject();
            }
            case Expr.Paren p -> {
                json.writeStartObject();
                json.writeFieldName("expr");
                write(json, p.expr());
                json.writeStringField("type", "parenExpr");
                json.writeEndObject();
            }
            case Expr.StringLiteral s -> {
                json.writeStartObject();
                json.writeStringField("type", "stringLiteral");
                json.writeStringField("val", s.value());
                json.writeEndObject();
            }
            case Expr.Unary u -> {
                json.writeStartObject();
                json.writeFieldName("expr");
                write(json, u.expr());
                json.writeStringField("op", u.negate() ? "-" : "+");
                json.writeStringField("type", "unaryExpr");
                json.writeEndObject();
            }
            case Expr.VectorSelector vs -> {
                json.writeStartObject();
                json.writeBooleanField("anchored", false);
                matchers(json, vs.matchers());
                json.writeStringField("name", vs.metricName() == null ? "" : vs.metricName());
                json.writeNumberField("offset", vs.offsetMillis());
                json.writeNullField("offsetExpr");
                json.writeBooleanField("smoothed", false);
                at(json, vs.at());
                json.writeStringField("type", "vectorSelector");
                json.writeEndObject();
            }
        }
    }

    /** Prometheus' value type names: {@code scalar}, {@code vector}, {@code matrix}, {@code string}. */
    private static String valueType(ExprType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static void matching(JsonGenerator json, VectorMatching m) throws IOException {
        if (m == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("card", switch (m.cardinality()) {
            case ONE_TO_ONE -> "one-to-one";
            case MANY_TO_ONE -> "many-to-one";
            case ONE_TO_MANY -> "one-to-many";
            case MANY_TO_MANY -> "many-to-many";
        });
        json.writeObjectFieldStart("fillValues");
        json.writeNullField("lhs");
        json.writeNullField("rhs");
        json.writeEndObject();
        strings(json, "include", m.include());
        strings(json, "labels", m.labels());
        json.writeBooleanField("on", m.on());
        json.writeEndObject();
    }

    private static void matchers(JsonGenerator json, List<LabelMatcher> matchers) throws IOException {
        json.writeArrayFieldStart("matchers");
        for (LabelMatcher m : matchers) {
            json.writeStartObject();
            json.writeStringField("name", m.name());
            json.writeStringField("type", m.type().operator());
            json.writeStringField("value", m.value());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The {@code startOrEnd} and {@code timestamp} fields of a selector, which sort next to each other. */
    private static void at(JsonGenerator json, At at) throws IOException {
        json.writeFieldName("startOrEnd");
        startOrEnd(json, at);
        json.writeFieldName("timestamp");
        timestamp(json, at);
    }

    private static void startOrEnd(JsonGenerator json, At at) throws IOException {
        if (at == null || at.kind() == At.Kind.TIMESTAMP) {
            json.writeNull();
        } else {
            json.writeString(at.kind() == At.Kind.START ? "start" : "end");
        }
    }

    private static void timestamp(JsonGenerator json, At at) throws IOException {
        if (at != null && at.kind() == At.Kind.TIMESTAMP) {
            json.writeNumber(at.millis());
        } else {
            json.writeNull();
        }
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }
}
