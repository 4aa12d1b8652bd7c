package dev.panoptes.metrics.promqltest;

import java.util.regex.Pattern;

/**
 * What an {@code expect ... msg:} or {@code regex:} line accepts: the exact text, a regular
 * expression found anywhere in the message, or (neither given) any message.
 */
record TextMatch(String message, Pattern regex) {

    static TextMatch any() {
        return new TextMatch(null, null);
    }

    boolean matches(String actual) {
        if (regex != null) {
            return regex.matcher(actual).find();
        }
        return message == null || message.equals(actual);
    }

    @Override
    public String toString() {
        return regex != null ? "regex " + regex.pattern() : message != null ? "message \"" + message + "\"" : "any message";
    }
}
