package dev.panoptes.logs.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.text.LogfmtDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The {@code detected_level} structured metadata Loki's distributor gives each pushed entry
 * ({@code discover_log_levels}), which Grafana's log volume and Logs Drilldown group by. An entry
 * that comes with {@code detected_level} keeps it, normalised; otherwise the level is, in order,
 * the value of the first of the level fields ({@code log_level_fields}: {@code level},
 * {@code severity}, ...) among the stream's labels, then among the entry's metadata; then what an
 * OpenTelemetry {@code severity_number} says; then, from the line, the first level field of a
 * JSON object (string members, searched to {@code log_level_from_json_max_depth} levels of
 * nesting) or of logfmt pairs (keys compared ignoring case, the earlier field in the list
 * winning); failing all that, the first level word standing alone in the line
 * ({@code ERROR}, {@code [warn]}, {@code level=info}; not {@code misc:error}), or
 * {@code unknown}.
 *
 * <p>A known spelling of a level ({@code WRN}, {@code Warning}, {@code err}) becomes Loki's word
 * for it: {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error},
 * {@code critical} or {@code fatal}; a field's other values are kept as they are, a line's lead
 * to the word search.
 *
 * <p>Not thread-safe: one per request, as it reuses a logfmt decoder.
 */
public final class LevelDiscovery {

    static final String NAME = "detected_level";

    /** Loki's default {@code log_level_fields}, in its order of preference. */
    public static final List<String> DEFAULT_FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity", "SEVERITY", "Severity",
            "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text", "SEVERITY_TEXT");

    private static final String SEVERITY_NUMBER = "severity_number";
    private static final JsonFactory JSON = new JsonFactory();

    /** The words a line is searched for, in the order that breaks a tie at one position. */
    private static final String[] WORDS = {"trace", "debug", "fatal", "critical", "error", "err", "warning", "warn", "info"};
    private static final String[] WORD_LEVELS = {"trace", "debug", "fatal", "critical", "error", "error", "warn", "warn", "info"};
    private static final String[] SPELLINGS = {"trace", "trc", "debug", "dbg", "info", "inf", "information", "warn", "wrn", "warning",
        "error", "err", "critical", "fatal"};
    private static final String[] SPELLING_LEVELS = {"trace", "trace", "debug", "debug", "info", "info", "info", "warn", "warn", "warn",
        "error", "error", "critical", "fatal"};
    private static final int LONGEST_SPELLING = "information".length();
    /** The letters the words start with, in either case; what may stand before a word; what may follow it. */
    private static final boolean[] FIRST = asciiSet("tdfcewiTDFCEWI");
    private static final boolean[] LEFT = asciiSet(" \t\n[({\"'=|");
    private static final boolean[] RIGHT = asciiSet(" \t\n[](){}:,!\"'=|");

    private final List<String> fields;
    private final Set<String> fieldSet;
    private final int jsonMaxDepth;
    private final LogfmtDecoder logfmt = new LogfmtDecoder();
    /** The metadata of entries that had none, one per level seen so far. */
    private final Labels[] alone = new Labels[8];

    /**
     * @param fields the level fields, in order of preference
     * @param jsonMaxDepth how many levels of a JSON line are searched; 0 or less for all
     */
    public LevelDiscovery(List<String> fields, int jsonMaxDepth) {
        this.fields = List.copyOf(fields);
        this.fieldSet = Set.copyOf(fields);
        this.jsonMaxDepth = jsonMaxDepth;
    }

    /** {@code metadata} with the entry's {@code detected_level}; the same instance when it already had it normalised. */
    public Labels withLevel(Labels stream, Labels metadata, String line) {
        if (metadata.has(NAME)) {
            String sent = metadata.get(NAME);
            String normal = normalised(sent);
            return normal.equals(sent) ? metadata : metadata.toBuilder().set(NAME, normal).build();
        }
        String level = of(stream, metadata, line);
        if (metadata.isEmpty()) {
            // Most entries carry nothing else: one label set per level, shared.
            for (int i = 0; i < alone.length; i++) {
                if (alone[i] == null) {
                    alone[i] = Labels.of(NAME, level);
                    return alone[i];
                }
                if (alone[i].get(NAME).equals(level)) {
                    return alone[i];
                }
            }
            return Labels.of(NAME, level);
        }
        return metadata.toBuilder().set(NAME, level).build();
    }

    /** The level of an entry that came without one. */
    String of(Labels stream, Labels metadata, String line) {
        String field = firstField(stream);
        if (field == null) {
            field = firstField(metadata);
        }
        if (field != null) {
            return normalised(field);
        }
        if (metadata.has(SEVERITY_NUMBER)) {
            return fromSeverityNumber(metadata.get(SEVERITY_NUMBER));
        }
        String value = isJsonObject(line) ? jsonField(line) : line.indexOf('=') >= 0 ? logfmtField(line) : null;
        if (value != null) {
            String known = known(value);
            if (known != null) {
                return known;
            }
        }
        return fromWords(line);
    }

    /** A level as Loki spells it, or the value itself when it is not a known level. */
    static String normalised(String level) {
        String known = known(level);
        return known != null ? known : level;
    }

    /** Loki's word for a known spelling of a level, compared ignoring case (no String made per value); null for others. */
    private static String known(String level) {
        if (level.length() > LONGEST_SPELLING) {
            return null;
        }
        for (int i = 0; i < SPELLINGS.length; i++) {
            if (SPELLINGS[i].equalsIgnoreCase(level)) {
                return SPELLING_LEVELS[i];
            }
        }
        return null;
    }

    /** The OpenTelemetry log data model's ranges: 1-4 trace, 5-8 debug, ..., 21-24 fatal; a number Loki cannot read is info. */
    static String fromSeverityNumber(String text) {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return "info";
        }
        if (number <= 0 || number > 24) {
            return "unknown";
        }
        return switch ((number - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            default -> "fatal";
        };
    }

    private String firstField(Labels labels) {
        if (labels.isEmpty()) {
            return null;
        }
        for (String field : fields) {
            if (labels.has(field)) {
                return labels.get(field);
            }
        }
        return null;
    }

    /** Whether the line, white space aside, starts with { and ends with }. */
    private static boolean isJsonObject(String line) {
        int first = 0;
        while (first < line.length() && Character.isWhitespace(line.charAt(first))) {
            first++;
        }
        int last = line.length() - 1;
        while (last > first && Character.isWhitespace(line.charAt(last))) {
            last--;
        }
        return last > first && line.charAt(first) == '{' && line.charAt(last) == '}';
    }

    /**
     * The first string member, in the line's order, whose name is a level field, at a depth
     * under the limit; what was found before a syntax error stands.
     */
    private String jsonField(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.VALUE_STRING && fieldSet.contains(name)) {
                            return parser.getText();
                        }
                        if (value == JsonToken.START_OBJECT) {
                            if (jsonMaxDepth > 0 && depth + 1 >= jsonMaxDepth) {
                                parser.skipChildren();
                            } else {
                                depth++;
                            }
                        } else if (value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                    }
                    case END_OBJECT -> depth--;
                    default -> {
                    }
                }
                if (depth < 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The value of the pair whose key is the earliest level field, keys compared ignoring case; reading stops at a malformed pair. */
    private String logfmtField(String line) {
        if (!mayHoldFieldPair(line)) {
            return null;
        }
        logfmt.reset(line);
        String found = null;
        int best = fields.size();
        while (!logfmt.atEnd() && logfmt.next()) {
            int length = logfmt.keyEnd() - logfmt.keyStart();
            for (int f = 0; f < best; f++) {
                String field = fields.get(f);
                if (field.length() == length && line.regionMatches(true, logfmt.keyStart(), field, 0, length)) {
                    found = logfmt.value();
                    best = f;
                    if (f == 0) {
                        return found;
                    }
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Whether a level field stands right before some {@code =} of the line, after white space or
     * the start. The decoder's keys are such runs, so when none is a field it finds no value (a
     * bare key has none, which leaves the choice to the words as no key does), and a line of
     * pairs without a level, or a plain line with a {@code status=200} in it, is not decoded.
     */
    private boolean mayHoldFieldPair(String line) {
        for (int eq = line.indexOf('='); eq >= 0; eq = line.indexOf('=', eq + 1)) {
            int start = eq;
            while (start > 0 && line.charAt(start - 1) > ' ') {
                start--;
            }
            int length = eq - start;
            for (String field : fields) {
                if (field.length() == length && line.regionMatches(true, start, field, 0, length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The level of the first word of {@link #WORDS} that stands alone in the line, ignoring case:
     * after the start, white space, an opening bracket or quote, {@code =} or {@code |}; before
     * the end, white space, a bracket, a quote, {@code : , ! = |}.
     */
    static String fromWords(String line) {
        int n = line.length();
        char before = ' ';
        for (int at = 0; at < n; before = line.charAt(at), at++) {
            char c = line.charAt(at);
            if (c >= 128 || !FIRST[c] || before >= 128 || !LEFT[before]) {
                continue;
            }
            c |= 0x20;
            for (int w = 0; w < WORDS.length; w++) {
                String word = WORDS[w];
                int end = at + word.length();
                if (word.charAt(0) == c && end <= n && asciiFoldedEquals(line, at, word) && (end == n || isRight(line.charAt(end)))) {
                    return WORD_LEVELS[w];
                }
            }
        }
        return "unknown";
    }

    /** Whether {@code line} holds {@code word} (lower-case letters) at {@code at}, ASCII letters in either case. */
    private static boolean asciiFoldedEquals(String line, int at, String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = line.charAt(at + i);
            if (c != word.charAt(i) && !(c >= 'A' && c <= 'Z' && (char) (c | 0x20) == word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRight(char c) {
        return c < 128 && RIGHT[c];
    }

    private static boolean[] asciiSet(String members) {
        boolean[] set = new boolean[128];
        for (int i = 0; i < members.length(); i++) {
            set[members.charAt(i)] = true;
        }
        return set;
    }
}
