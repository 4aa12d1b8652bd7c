package dev.panoptes.wire.loki;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.QuotedString;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the label string of a pushed stream, such as {@code {app="api", env="prod"}}: braces
 * around comma-separated {@code name="value"} pairs (an optional trailing comma, any of the three
 * quotes of LogQL strings), names of {@code [a-zA-Z_][a-zA-Z0-9_]*}, at least one pair, no name
 * twice, no empty value. Errors say what is wrong and the column, as Loki's parser reports them.
 *
 * <p>Stateless and thread-safe.
 */
public final class LokiLabelParser {

    private LokiLabelParser() {
    }

    /** An invalid label string; the message is ready for the client. */
    public static final class InvalidLabelsException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidLabelsException(String message) {
            super(message);
        }
    }

    /** The labels of {@code text}, sorted by name. */
    public static Labels parse(String text) throws InvalidLabelsException {
        Labels.Builder labels = Labels.builder();
        Set<String> seen = new HashSet<>();
        int i = skipSpace(text, 0);
        if (i >= text.length() || text.charAt(i) != '{') {
            throw error(text, i, "expected {");
        }
        i = skipSpace(text, i + 1);
        StringBuilder value = new StringBuilder();
        while (i < text.length() && text.charAt(i) != '}') {
            int nameStart = i;
            while (i < text.length() && isNameChar(text.charAt(i), i == nameStart)) {
                i++;
            }
            if (i == nameStart) {
                throw error(text, i, "expected a label name");
            }
            String name = text.substring(nameStart, i);
            i = skipSpace(text, i);
            if (i >= text.length() || text.charAt(i) != '=') {
                throw error(text, i, "expected = after label name " + name + " (a stream's labels are name=\"value\" pairs)");
            }
            i = skipSpace(text, i + 1);
            if (i >= text.length()) {
                throw error(text, i, "expected a quoted label value");
            }
            value.setLength(0);
            try {
                i = QuotedString.read(text, i, value);
            } catch (QuotedString.MalformedException e) {
                throw error(text, e.offset(), e.getMessage());
            }
            if (!seen.add(name)) {
                throw new InvalidLabelsException("stream '" + text + "' has duplicate label name: '" + name + "'");
            }
            if (value.isEmpty()) {
                throw new InvalidLabelsException("stream '" + text + "' has label '" + name + "' with an empty value");
            }
            labels.set(name, value.toString());
            i = skipSpace(text, i);
            if (i < text.length() && text.charAt(i) == ',') {
                i = skipSpace(text, i + 1);
            } else if (i >= text.length() || text.charAt(i) != '}') {
                throw error(text, i, "expected , or }");
            }
        }
        if (i >= text.length()) {
            throw error(text, i, "expected }");
        }
        if (skipSpace(text, i + 1) != text.length()) {
            throw error(text, i + 1, "unexpected text after }");
        }
        if (seen.isEmpty()) {
            throw new InvalidLabelsException("error at least one label pair is required per stream");
        }
        return labels.build();
    }

    /** Whether {@code name} is a valid label name. */
    public static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i), i == 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static InvalidLabelsException error(String text, int offset, String what) {
        return new InvalidLabelsException("error parsing labels '" + text + "': parse error at line 1, col " + (offset + 1) + ": " + what);
    }
}
