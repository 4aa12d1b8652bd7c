package dev.panoptes.wire.otlp;

import dev.panoptes.core.labels.Labels;
import java.util.List;
import java.util.Locale;

/**
 * The {@code detected_level} structured metadata Loki adds to an OTLP record: the value of the
 * first level-like field among the stream labels, then among the structured metadata
 * ({@code level}, ..., {@code severity_text}), normalised to {@code trace}, {@code debug},
 * {@code info}, {@code warn}, {@code error}, {@code critical} or {@code fatal} when it is a
 * known spelling of one (kept as sent otherwise); failing that, the range its
 * {@code severity_number} falls in. A record with neither gets none here (Loki would go on to
 * look for a level in the line itself, which is not done).
 *
 * <p>Stateless and thread-safe.
 */
final class DetectedLevel {

    static final String NAME = "detected_level";

    /** The fields Loki reads a level from, in its order of preference. */
    private static final List<String> LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity", "SEVERITY", "Severity",
            "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text", "SEVERITY_TEXT");

    private DetectedLevel() {
    }

    /** The level for a record, or null when it names none. */
    static String of(Labels stream, Labels metadata, int severityNumber) {
        String field = firstLevelField(stream);
        if (field == null) {
            field = firstLevelField(metadata);
        }
        if (field != null) {
            return normalised(field);
        }
        if (severityNumber <= 0) {
            return null;
        }
        // The OpenTelemetry log data model's severity ranges: 1-4 TRACE, 5-8 DEBUG, ... 21-24 FATAL.
        return switch ((severityNumber - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            case 5 -> "fatal";
            default -> "unknown";
        };
    }

    /** A level as Loki spells it, or the value itself when it is not a known level. */
    static String normalised(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg" -> "debug";
            case "info", "inf", "information" -> "info";
            case "warn", "wrn", "warning" -> "warn";
            case "error", "err" -> "error";
            case "critical" -> "critical";
            case "fatal" -> "fatal";
            default -> level;
        };
    }

    private static String firstLevelField(Labels labels) {
        for (String field : LEVEL_FIELDS) {
            if (labels.has(field)) {
                return labels.get(field);
            }
        }
        return null;
    }
}
