package dev.panoptes.logs.logql;

import java.util.Locale;

/** The order of a log query's entries: oldest first, or newest first (Loki's default). */
public enum Direction {
    FORWARD, BACKWARD;

    /** {@code forward} or {@code backward}, in any case. */
    public static Direction parse(String text) {
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("invalid direction '" + text + "': use forward or backward");
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
