package dev.panoptes.metrics.api;

/**
 * The "values" escaping of UTF-8 label names in URL path segments, as Prometheus 3 reads
 * {@code /api/v1/label/<name>/values}: a name starting {@code U__} has {@code __} for an
 * underscore and {@code _<hex>_} for any other code point, letters, digits and colons as they
 * are. A name that is not a valid escape is taken literally. Stateless.
 */
final class LabelNameEscaping {

    private static final String PREFIX = "U__";

    private LabelNameEscaping() {
    }

    static String unescape(String name) {
        if (!name.startsWith(PREFIX)) {
            return name;
        }
        String escaped = name.substring(PREFIX.length());
        StringBuilder out = new StringBuilder(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            if (c != '_') {
                if (!isPlain(c)) {
                    return name;
                }
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < escaped.length() && escaped.charAt(i + 1) == '_') {
                out.append('_');
                i += 2;
                continue;
            }
            int close = escaped.indexOf('_', i + 1);
            if (close < 0 || close == i + 1 || close - i - 1 > 6) {
                return name;
            }
            int codePoint;
            try {
                codePoint = Integer.parseInt(escaped, i + 1, close, 16);
            } catch (NumberFormatException e) {
                return name;
            }
            if (!Character.isValidCodePoint(codePoint) || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return name;
            }
            out.appendCodePoint(codePoint);
            i = close + 1;
        }
        return out.toString();
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':';
    }
}
