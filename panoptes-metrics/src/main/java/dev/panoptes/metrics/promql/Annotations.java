package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.Expr;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warnings and infos one query collects, rendered as Prometheus renders them: {@code PromQL
 * warning: <detail> (<line>:<column>)}, where the position is the start of the sub-expression the
 * annotation is about. Duplicates collapse; order of first occurrence is kept.
 */
final class Annotations {

    private final String query;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();
    private Map<Expr, Integer> positions = new IdentityHashMap<>();

    Annotations(String query) {
        this.query = query;
    }

    void positions(Map<Expr, Integer> positions) {
        this.positions = positions;
    }

    void warn(String detail, Expr node) {
        warnings.add("PromQL warning: " + detail + position(node));
    }

    void info(String detail, Expr node) {
        infos.add("PromQL info: " + detail + position(node));
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> infos() {
        return List.copyOf(infos);
    }

    private String position(Expr node) {
        Integer offset = node == null ? null : positions.get(node);
        if (offset == null || offset < 0) {
            return "";
        }
        int line = 1;
        int lineStart = 0;
        byte[] bytes = query.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int end = Math.min(offset, bytes.length);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " (" + line + ":" + (end - lineStart + 1) + ")";
    }

    /** Go's {@code %q} rendering of a string, which annotation texts use for metric names. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
