package dev.panoptes.logs.logql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pattern syntax of the {@code pattern} parser and the {@code |>} / {@code !>} line filters:
 * literal text and captures {@code <name>} (an ASCII letter or {@code _}, then letters, digits or
 * {@code _}); {@code <_>} captures without a name. Any other {@code <} is literal text. A pattern
 * matches a line when its literals occur in order, each capture taking the text between them.
 *
 * <p>Immutable; {@link #parts} alternate as written, adjacent literal text merged.
 */
final class LinePattern {

    /** A piece of a pattern: literal text, or a capture (name {@code _} for an unnamed one). */
    record Part(String text, boolean capture) {
    }

    private final List<Part> parts;

    private LinePattern(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    static LinePattern parse(String pattern) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int end = captureEnd(pattern, i);
            if (end < 0) {
                literal.append(pattern.charAt(i++));
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(new Part(literal.toString(), false));
                literal.setLength(0);
            }
            parts.add(new Part(pattern.substring(i + 1, end - 1), true));
            i = end;
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), false));
        }
        return new LinePattern(parts);
    }

    /** The end (after {@code >}) of a capture starting at {@code i}, or -1 when there is none. */
    private static int captureEnd(String s, int i) {
        if (s.charAt(i) != '<' || i + 1 >= s.length() || !isNameStart(s.charAt(i + 1))) {
            return -1;
        }
        int k = i + 2;
        while (k < s.length() && (isNameStart(s.charAt(k)) || (s.charAt(k) >= '0' && s.charAt(k) <= '9'))) {
            k++;
        }
        return k < s.length() && s.charAt(k) == '>' ? k + 1 : -1;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    List<Part> parts() {
        return parts;
    }

    /** The names of the named captures, in order. */
    List<String> captureNames() {
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            if (p.capture() && !p.text().equals("_")) {
                names.add(p.text());
            }
        }
        return names;
    }

    /** What is wrong with this pattern as a {@code pattern} parser's, in Loki's words, or null when nothing. */
    String parserProblem() {
        if (captureNames().isEmpty()) {
            return "at least one capture is required";
        }
        String consecutive = consecutiveCaptures();
        if (consecutive != null) {
            return consecutive;
        }
        Set<String> seen = new HashSet<>();
        for (String name : captureNames()) {
            if (!seen.add(name)) {
                return "duplicate capture name (" + name + "): invalid expression";
            }
        }
        return null;
    }

    /** What is wrong with this pattern as a line filter's, in Loki's words, or null when nothing. */
    String filterProblem() {
        String consecutive = consecutiveCaptures();
        if (consecutive != null) {
            return consecutive;
        }
        List<String> names = captureNames();
        return names.isEmpty() ? null : "named captures are not allowed: found '<" + names.get(0) + ">'";
    }

    private String consecutiveCaptures() {
        for (int k = 0; k + 1 < parts.size(); k++) {
            if (parts.get(k).capture() && parts.get(k + 1).capture()) {
                return "found consecutive capture '<" + parts.get(k).text() + "><" + parts.get(k + 1).text() + ">': invalid expression";
            }
        }
        return null;
    }
}
