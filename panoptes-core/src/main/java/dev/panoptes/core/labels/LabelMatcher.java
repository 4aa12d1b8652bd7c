package dev.panoptes.core.labels;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a series selector, such as {@code job=~"api|web"}: a label name, a match type
 * and a value. A missing label matches as the empty string, as in Prometheus.
 *
 * <p>Regular expressions have Prometheus' semantics: RE2 syntax (through RE2/J, so that no
 * pattern can backtrack catastrophically), anchored at both ends, {@code .} matching newlines.
 * Two shapes common in dashboards are recognised so that an index can answer them without
 * running the regex over every value: a literal alternation ({@code a|b|c}, see
 * {@link #setMatches}) and a literal prefix ({@code abc.*}, see {@link #literalPrefix}).
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelMatcher {

    private final MatchType type;
    private final String name;
    private final String value;
    private final Pattern pattern;
    private final List<String> setMatches;
    private final String literalPrefix;
    private final boolean matchesEmpty;

    private LabelMatcher(MatchType type, String name, String value) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        if (type.isRegex()) {
            this.pattern = Pattern.compile("(?s:" + value + ")");
            this.setMatches = literalAlternatives(value);
            this.literalPrefix = setMatches == null ? literalPrefixOf(value) : null;
        } else {
            this.pattern = null;
            this.setMatches = null;
            this.literalPrefix = null;
        }
        this.matchesEmpty = matches("");
    }

    /**
     * Creates a matcher.
     *
     * @throws PatternSyntaxException if a regex match type has an invalid pattern
     */
    public static LabelMatcher of(MatchType type, String name, String value) {
        return new LabelMatcher(type, name, value);
    }

    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(MatchType.EQUAL, name, value);
    }

    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(MatchType.NOT_EQUAL, name, value);
    }

    public static LabelMatcher regex(String name, String value) {
        return new LabelMatcher(MatchType.REGEX, name, value);
    }

    public static LabelMatcher notRegex(String name, String value) {
        return new LabelMatcher(MatchType.NOT_REGEX, name, value);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether a label value (or {@code ""} for an absent label) satisfies this matcher. */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> regexMatches(labelValue);
            case NOT_REGEX -> !regexMatches(labelValue);
        };
    }

    private boolean regexMatches(String labelValue) {
        if (setMatches != null) {
            return setMatches.contains(labelValue);
        }
        if (literalPrefix != null && !labelValue.startsWith(literalPrefix)) {
            return false;
        }
        return pattern.matches(labelValue);
    }

    /** Whether a series without this label matches, which decides how an index must evaluate it. */
    public boolean matchesEmpty() {
        return matchesEmpty;
    }

    /**
     * For a regex that is an alternation of literals ({@code a|b|c}, or a single literal), the
     * literals; {@code null} otherwise. An index answers such a matcher with one lookup per
     * literal.
     */
    public List<String> setMatches() {
        return setMatches;
    }

    /**
     * For a regex of the form {@code literal.*...} a non-empty literal that every match starts
     * with, so that an index can scan only values with that prefix; {@code null} otherwise.
     */
    public String literalPrefix() {
        return literalPrefix;
    }

    /** The literals of {@code a|b|c}, or null when the pattern contains any regex syntax. */
    private static List<String> literalAlternatives(String regex) {
        List<String> literals = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '|') {
                literals.add(current.toString());
                current.setLength(0);
            } else if (c == '\\' && i + 1 < regex.length() && isEscapableLiteral(regex.charAt(i + 1))) {
                current.append(regex.charAt(++i));
            } else if (isMeta(c)) {
                return null;
            } else {
                current.append(c);
            }
        }
        literals.add(current.toString());
        return List.copyOf(literals);
    }

    private static String literalPrefixOf(String regex) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && isEscapableLiteral(regex.charAt(i + 1))) {
                prefix.append(regex.charAt(++i));
                continue;
            }
            if (isMeta(c)) {
                // A quantifier applies to the character before it, which is then not certain.
                if ((c == '*' || c == '?' || c == '{') && !prefix.isEmpty()) {
                    prefix.setLength(prefix.length() - 1);
                }
                // A top-level alternation makes no character certain.
                if (regex.indexOf('|', i) >= 0) {
                    return null;
                }
                break;
            }
            prefix.append(c);
        }
        return prefix.isEmpty() ? null : prefix.toString();
    }

    private static boolean isMeta(char c) {
        return ".+*?()|[]{}^$\\".indexOf(c) >= 0;
    }

    private static boolean isEscapableLiteral(char c) {
        return ".+*?()|[]{}^$\\-/".indexOf(c) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other && type == other.type && name.equals(other.name) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** As written in a selector: {@code job=~"api|web"}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 6);
        out.append(name).append(type.operator());
        Labels.appendQuoted(out, value);
        return out.toString();
    }
}
