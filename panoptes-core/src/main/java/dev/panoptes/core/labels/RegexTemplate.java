package dev.panoptes.core.labels;

import com.google.re2j.Matcher;

/**
 * Expansion of replacement templates against a regular-expression match, as Go's
 * {@code Regexp.Expand} does: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and
 * {@code $$}. Relabelling and PromQL's {@code label_replace} share it, since both must expand
 * exactly as Prometheus does. Stateless.
 */
public final class RegexTemplate {

    private RegexTemplate() {
    }

    /** Replaces {@code $1}, {@code ${1}} and {@code ${name}} with the groups of a match, as Go's Regexp.Expand does. */
    public static String expand(Matcher m, String template) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch != '$' || i + 1 >= template.length()) {
                out.append(ch);
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int endIndex;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(ch);
                    continue;
                }
                name = template.substring(i + 2, close);
                endIndex = close;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(ch);
                    continue;
                }
                name = template.substring(i + 1, j);
                endIndex = j - 1;
            }
            out.append(group(m, name));
            i = endIndex;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        try {
            int index = Integer.parseInt(name);
            if (index <= m.groupCount()) {
                String g = m.group(index);
                return g == null ? "" : g;
            }
            return "";
        } catch (NumberFormatException e) {
            try {
                String g = m.group(name);
                return g == null ? "" : g;
            } catch (IllegalArgumentException unknown) {
                return "";
            }
        }
    }

}
