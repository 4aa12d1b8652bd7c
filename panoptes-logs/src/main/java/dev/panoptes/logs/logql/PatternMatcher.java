package dev.panoptes.logs.logql;

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
        names = new String[count];
        for (int i = 0, k = 0; i < literals.length; i++) {
            if (named[i]) {
                names[k++] = parts.get(i).text();
            }
        }
    }

    /** The named captures in order. */
    String[] names() {
        return names;
    }

    /**
     * Matches {@code line}, writing the named captures' values into {@code out} in order;
     * returns how many were found (fewer than {@link #names} when the line ends early, 0 when it does not match).
     */
    int captures(String line, String[] out) {
        if (line.isEmpty() || literals.length == 0) {
            return 0;
        }
        int part = 0;
        int at = 0;
        if (literals[0] != null) {
            if (!line.startsWith(literals[0])) {
                return 0;
            }
            at = literals[0].length();
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
                    out[found++] = line.substring(at);
                }
                return found;
            }
            String literal = literals[part + 1];
            part += 2;
            int i = line.indexOf(literal, at);
            if (i < 0) {
                if (isNamed) {
                    out[found++] = line.substring(at);
                }
                return found;
            }
            if (isNamed) {
                out[found++] = line.substring(at, i);
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
