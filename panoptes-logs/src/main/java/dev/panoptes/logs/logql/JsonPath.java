package dev.panoptes.logs.logql;

import java.util.ArrayList;
import java.util.List;

/**
 * A path into a JSON value as {@code | json label="..."} writes it, Loki's syntax: fields joined
 * by {@code .} ({@code a.b}), array elements {@code [0]}, and fields in brackets and quotes for
 * keys that are not identifiers ({@code ["field with space"]}, {@code a["b"]}). An identifier
 * starts with an ASCII letter or {@code _} and goes on with those or digits.
 *
 * @param segments {@link String} field names and {@link Integer} array indexes, in order; empty for {@code ""}
 */
record JsonPath(List<Object> segments) {

    JsonPath {
        segments = List.copyOf(segments);
    }

    /**
     * Reads a path.
     *
     * @throws IllegalArgumentException naming what is wrong, in Loki's words
     */
    static JsonPath parse(String text) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        boolean expectField = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '.' && !out.isEmpty() && !expectField) {
                expectField = true;
                i++;
                if (i >= text.length() || !isStart(text.charAt(i))) {
                    throw syntax(i >= text.length() ? "$end" : "DOT");
                }
            } else if (isStart(c) && (expectField)) {
                int start = i;
                while (i < text.length() && (isStart(text.charAt(i)) || Character.isDigit(text.charAt(i)))) {
                    i++;
                }
                out.add(text.substring(start, i));
                expectField = false;
            } else if (c == '[') {
                i++;
                if (i < text.length() && text.charAt(i) == '"') {
                    int end = text.indexOf('"', i + 1);
                    if (end < 0) {
                        throw syntax("$end");
                    }
                    out.add(text.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    if (i < text.length() && text.charAt(i) == '.') {
                        throw new IllegalArgumentException("cannot use float as array index");
                    }
                    if (start == i) {
                        throw syntax("RSB");
                    }
                    out.add(Integer.parseInt(text.substring(start, i)));
                }
                if (i >= text.length() || text.charAt(i) != ']') {
                    throw syntax("$end");
                }
                i++;
                expectField = false;
            } else if (isStart(c)) {
                throw syntax("FIELD");
            } else if (c == '"') {
                throw syntax("STRING");
            } else {
                throw syntax(c == ']' ? "RSB" : "'" + c + "'");
            }
        }
        return new JsonPath(out);
    }

    private static boolean isStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static IllegalArgumentException syntax(String unexpected) {
        return new IllegalArgumentException("syntax error: unexpected " + unexpected);
    }
}
