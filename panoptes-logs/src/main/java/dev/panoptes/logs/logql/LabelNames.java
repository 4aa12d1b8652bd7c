package dev.panoptes.logs.logql;

/**
 * How parsers turn keys into label names, as Loki does: surrounding white space trimmed, every
 * character other than an ASCII letter, digit or {@code _} replaced by {@code _} (one per code
 * point), and {@code _} put before a leading digit. Stateless.
 */
final class LabelNames {

    /** Which ASCII characters a label name keeps as they are. */
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            NAME_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    private LabelNames() {
    }

    /** Whether sanitizing keeps {@code c} as it is: an ASCII letter, digit or {@code _}. */
    static boolean isNameChar(char c) {
        return c < 128 && NAME_CHAR[c];
    }

    /** The label name for {@code key}; empty when the key is blank. */
    static String sanitize(String key) {
        StringBuilder out = new StringBuilder(key.length() + 1);
        appendSanitized(out, key, 0, key.length());
        return out.toString();
    }

    /**
     * Appends {@code key[from, to)} sanitized; a leading digit gets {@code _} only when {@code out}
     * is empty (a nested key's digit follows a separator). Appends nothing for a blank key.
     */
    static void appendSanitized(StringBuilder out, CharSequence key, int from, int to) {
        while (from < to && isSpace(key.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(key.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        if (out.isEmpty() && key.charAt(from) >= '0' && key.charAt(from) <= '9') {
            out.append('_');
        }
        for (int i = from; i < to; i++) {
            char c = key.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                out.append(c);
            } else {
                out.append('_');
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(key.charAt(i + 1))) {
                    i++;
                }
            }
        }
    }

    /** Whether {@code key[from, to)} is blank. */
    static boolean isBlank(CharSequence key, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSpace(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || c == '\u0085' || c == '\u00a0'
                || Character.isSpaceChar(c);
    }
}
