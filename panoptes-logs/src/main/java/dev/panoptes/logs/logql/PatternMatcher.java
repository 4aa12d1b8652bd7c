package dev.panoptes.logs.logql;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link LinePattern} compiled for matching lines, with Loki's two readings: {@link #captures}
 * for the {@code pattern} parser (a leading literal must start the line; each capture takes the
 * text up to the first occurrence of the literal after it, or the rest of the line when that
 * literal is missing) and {@link #test} for the {@code |>} filter (every literal occurs in order,
 * captures between them non-empty, and the line ends right after a final literal). Immutable.
 */
final class PatternMatcher {

    /** Per part: the literal text, or null for a capture. */
    private final String[] literals;
    /** {@link #literals} as their UTF-8 bytes viewed as Latin-1, for searching stored lines. */
    private final String[] byteLiterals;
    /** Per part: whether it is a named capture. */
    private final boolean[] named;
    private final String[] names;

    PatternMatcher(String pattern) {
        List<LinePattern.Part> parts = LinePattern.parse(pattern).parts();
        literals = new String[parts.size()];
        named = new boolean[parts.size()];
        int count = 0;
        for (int i = 0; i < literals.length; i++) {
            LinePattern.Part p = parts.get(i);
            literals[i] = p.capture() ? null : p.text();
            named[i] = p.capture() && !p.text().equals("_");
            count += named[i] ? 1 : 0;
        }
        byteLiterals = new String[literals.length];
        for (int i = 0; i < literals.length; i++) {
            byteLiterals[i] = literals[i] == null ? null
                    : new String(literals[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        names = new String[count];
        for (int i = 0, k = 0; i < literals.length; i++) {
            if (named[i]) {
                names[k++] = parts.get(i).text().intern();
            }
        }
    }

    /** The named captures in order. */
    String[] names() {
        return names;
    }

    /**
     * Matches {@code line}, writing where the named captures are, {@code line[from[k], to[k])}
     * in order; returns how many were found (fewer than {@link #names} when the line ends early,
     * 0 when it does not match). Offsets rather than Strings, so that a caller keeps values as
     * slices of the line until they are read.
     */
    int captures(String line, int[] from, int[] to) {
        return captures(line, 0, line.length(), literals, from, to);
    }

    /**
     * As {@link #captures(String, int[], int[])} for the line stored as UTF-8 bytes at
     * {@code text[start, end)}, {@code text} viewing them as Latin-1 (one char per byte); the
     * offsets are into {@code text}. A UTF-8 literal occurs in the bytes exactly where it occurs
     * in the decoded line, so the captures are the same text.
     */
    int capturesInBytes(String text, int start, int end, int[] from, int[] to) {
        return captures(text, start, end, byteLiterals, from, to);
    }

    private int captures(String text, int start, int end, String[] literals, int[] from, int[] to) {
        if (start == end || literals.length == 0) {
            return 0;
        }
        int part = 0;
        int at = start;
        if (literals[0] != null) {
            String first = literals[0];
            if (end - start < first.length() || !text.startsWith(first, start)) {
                return 0;
            }
            at += first.length();
            part = 1;
        }
        if (part == literals.length) {
            return 0;
        }
        int found = 0;
        while (part < literals.length) {
            boolean isNamed = named[part];
            if (part == literals.length - 1) {
                if (isNamed) {
                    from[found] = at;
                    to[found++] = end;
                }
                return found;
            }
            String literal = literals[part + 1];
            part += 2;
            int i = text.indexOf(literal, at, end);
            if (i < 0) {
                if (isNamed) {
                    from[found] = at;
                    to[found++] = end;
                }
                return found;
            }
            if (isNamed) {
                from[found] = at;
                to[found++] = i;
            }
            at = i + literal.length();
        }
        return found;
    }

    /** Whether {@code line} has the pattern's shape, as the {@code |>} filter asks. */
    boolean test(String line) {
        if (line.isEmpty() || literals.length == 0) {
            return line.isEmpty() && literals.length == 0;
        }
        int off = 0;
        for (int i = 0; i < literals.length; i++) {
            String lit = literals[i];
            if (lit == null) {
                continue;
            }
            int j = line.indexOf(lit, off);
            if (j < 0 || (i != 0 && j == off)) {
                return false;
            }
            off = j + lit.length();
        }
        boolean endsWithCapture = literals[literals.length - 1] == null;
        return endsWithCapture == (off != line.length());
    }
}
