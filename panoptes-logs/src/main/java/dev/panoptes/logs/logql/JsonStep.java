package dev.panoptes.logs.logql;

import java.util.List;

/**
 * {@code | json} with no extractions: every string, number and boolean of the line's object
 * becomes a label, nested keys joined by {@code _} (sanitized as {@link LabelNames} says);
 * arrays and nulls are skipped, as in Loki. A key the stream or the metadata already has gets
 * the {@code _extracted} suffix; the first value of a name wins. A malformed line keeps the labels
 * found before the fault and gets {@code __error__=JSONParserErr} with the reader's message.
 */
final class JsonStep implements PipelineStep {

    static final String ERROR = "JSONParserErr";

    private final JsonLineReader reader = new JsonLineReader();
    private final NameTable names = new NameTable();
    private final StringBuilder name = new StringBuilder();
    /** The only labels to set ({@link ParserHints}); null for all. */
    private final ParserHints hints;
    /** The hinted fast pass, or null without hints. */
    private final JsonWantedScan scan;
    /** The hints' keys, indexed as {@link #scan} reports them. */
    private final String[] wantedKeys;

    JsonStep(ParserHints hints) {
        this(hints, true);
    }

    /** With {@code fastPass} false, hinted lines too go through the general reader (tests compare the two). */
    JsonStep(ParserHints hints, boolean fastPass) {
        this.hints = hints;
        this.wantedKeys = hints == null ? null : hints.keys();
        this.scan = hints == null || !fastPass ? null : new JsonWantedScan(wantedKeys, requiredKeys(hints, wantedKeys));
    }

    /** The keys, as bits by index, the hints need from a line: all but the engine's own marker (none past 63 keys). */
    private static long requiredKeys(ParserHints hints, String[] keys) {
        if (!hints.stopsWhenFound() || keys.length > 63) {
            return 0;
        }
        long bits = 0;
        for (int k = 0; k < keys.length; k++) {
            if (!keys[k].equals(MetricQueryEngine.PRESERVE_ERROR_LABEL)) {
                bits |= 1L << k;
            }
        }
        return bits;
    }

    /** Whether the step reads a stored line's bytes in place (its hinted fast pass does). */
    boolean searchesStoredBytes() {
        return scan != null;
    }

    @Override
    public boolean apply(PipelineEntry entry) {
        if (hints != null && (hints.skipsParsing() || hints.allFound(entry.labels))) {
            // Nothing more is needed from this line (an earlier parser found it all).
            return true;
        }
        if (scan != null && fastPass(entry)) {
            return true;
        }
        reader.reset(entry.line());
        name.setLength(0);
        try {
            object(entry.labels, 0);
        } catch (JsonLineReader.MalformedJson e) {
            entry.labels.setError(ERROR, e.getMessage());
        }
        return true;
    }

    /** Reads the object at the reader into labels; true when every needed label is found and reading stopped. */
    private boolean object(PipelineLabels labels, int depth) throws JsonLineReader.MalformedJson {
        if (depth > JsonLineReader.MAX_DEPTH) {
            throw new JsonLineReader.MalformedJson("objects nested more than " + JsonLineReader.MAX_DEPTH + " deep");
        }
        if (!reader.enterObject()) {
            return false;
        }
        String text = reader.text;
        do {
            int keyStart = reader.skipString();
            int keyEnd = reader.pos - 1;
            boolean keyEscaped = reader.lastStringEscaped;
            reader.colon();
            JsonLineReader.Kind kind = reader.kind();
            int prefix = name.length();
            switch (kind) {
                case OBJECT -> {
                    appendKey(text, keyStart, keyEnd, keyEscaped);
                    if (object(labels, depth + 1)) {
                        return true;
                    }
                }
                case STRING, NUMBER, TRUE, FALSE -> {
                    if (hints != null && prefix == 0 && !keyEscaped && !hints.mayNameRaw(text, keyStart, keyEnd)) {
                        // A top-level key no later stage reads: passed over without building its name.
                        reader.skipValue(kind);
                        continue;
                    }
                    appendKey(text, keyStart, keyEnd, keyEscaped);
                    int valueStart = reader.pos;
                    reader.skipValue(kind);
                    if (name.length() > 0) {
                        set(labels, kind, valueStart);
                        if (hints != null && hints.allFound(labels)) {
                            return true;
                        }
                    }
                }
                default -> reader.skipValue(kind);
            }
            name.setLength(prefix);
        } while (reader.nextMember());
        return false;
    }

    private void appendKey(String text, int start, int end, boolean escaped) {
        int before = name.length();
        if (before > 0 && !LabelNames.isBlank(text, start, end)) {
            name.append('_');
        }
        if (escaped) {
            StringBuilder key = new StringBuilder();
            reader.appendUnescaped(key, start, end);
            LabelNames.appendSanitized(name, key, 0, key.length());
        } else {
            LabelNames.appendSanitized(name, text, start, end);
        }
    }

    /**
     * The hinted fast pass; false when the general reader must read the line. A stored line is
     * scanned in its chunk's bytes, so that no String is made of it, unless a wanted value holds
     * an escape (decoding one needs the line).
     */
    private boolean fastPass(PipelineEntry entry) {
        if (entry.text != null) {
            // The bytes have the accepted shape exactly when the line's chars do.
            if (!scan.scan(entry.text, entry.from, entry.to, true)) {
                return false;
            }
            if (!anyEscaped()) {
                for (int i = 0; i < scan.hits() && !hints.allFound(entry.labels); i++) {
                    setHit(entry.labels, i, entry.text, entry.from, true);
                }
                return complete(entry);
            }
        }
        String line = entry.line();
        if (!scan.scan(line, 0, line.length(), true)) {
            return false;
        }
        reader.reset(line);
        for (int i = 0; i < scan.hits() && !hints.allFound(entry.labels); i++) {
            setHit(entry.labels, i, line, 0, false);
        }
        return complete(entry);
    }

    /**
     * Whether the fast pass is done with the line: a scan that stopped early, its names met but
     * not every needed label set (a key renamed {@code _extracted} by a clash), hands the line
     * to the general reader, which keeps the labels set so far (the first value of a name wins).
     */
    private boolean complete(PipelineEntry entry) {
        return !scan.stoppedEarly() || hints.allFound(entry.labels);
    }

    private boolean anyEscaped() {
        for (int i = 0; i < scan.hits(); i++) {
            if (scan.kind(i) == JsonWantedScan.STRING && scan.escaped(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #set}, for a member the fast pass found under a wanted name: its value is
     * {@code source[base + from, base + to)}, the line's chars or ({@code inBytes}) a stored line's
     * bytes viewed as Latin-1; escaped values are read from the line by {@link #reader}.
     */
    private void setHit(PipelineLabels labels, int i, String source, int base, boolean inBytes) {
        String label = wantedKeys[scan.key(i)];
        String parsed = labels.parsedName(label);
        if (parsed != label) {
            parsed = names.intern(parsed);
        }
        if (!hints.contains(parsed) || labels.isExtracted(parsed)) {
            return;
        }
        switch (scan.kind(i)) {
            case JsonWantedScan.TRUE -> labels.setParsed(parsed, "true");
            case JsonWantedScan.FALSE -> labels.setParsed(parsed, "false");
            default -> {
                if (scan.kind(i) == JsonWantedScan.STRING && scan.escaped(i)) {
                    labels.setParsed(parsed, reader.stringValue(scan.from(i), scan.to(i)));
                } else if (inBytes) {
                    labels.setParsedByteSlice(parsed, source, base + scan.from(i), base + scan.to(i));
                } else {
                    labels.setParsedSlice(parsed, source, base + scan.from(i), base + scan.to(i));
                }
            }
        }
    }

    private void set(PipelineLabels labels, JsonLineReader.Kind kind, int valueStart) {
        String label = names.intern(name);
        if (hints != null && !hints.mayName(label)) {
            return;
        }
        String parsed = labels.parsedName(label);
        if (parsed != label) {
            parsed = names.intern(parsed);
        }
        if ((hints != null && !hints.contains(parsed)) || labels.isExtracted(parsed)) {
            return;
        }
        String value = switch (kind) {
            case STRING -> reader.lastStringEscaped ? reader.stringValue(valueStart + 1, reader.pos - 1)
                    : reader.text.substring(valueStart + 1, reader.pos - 1);
            case TRUE -> "true";
            case FALSE -> "false";
            default -> reader.text.substring(valueStart, reader.pos);
        };
        labels.setParsed(parsed, value);
    }

    /**
     * {@code | json a="x.y", b="[0]"}: only the named paths, each set (to {@code ""} when the path
     * is missing); an object or array value is its JSON text. A line that does not start like
     * JSON gets {@code __error__=JSONParserErr}.
     */
    static final class Extracting implements PipelineStep {

        private final String[] labels;
        private final JsonPath[] paths;
        private final JsonLineReader reader = new JsonLineReader();

        Extracting(List<PipelineStage.LabelExtraction> extractions) {
            labels = new String[extractions.size()];
            paths = new JsonPath[extractions.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = extractions.get(i).label();
                paths[i] = JsonPath.parse(extractions.get(i).expression());
            }
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            String line = entry.line();
            if (line.isEmpty()) {
                return true;
            }
            char first = line.charAt(0);
            if (first != '"' && first != '{' && first != '[') {
                entry.labels.setError(ERROR, null);
                return true;
            }
            for (int i = 0; i < labels.length; i++) {
                String value = find(line, paths[i]);
                PipelineLabels lbs = entry.labels;
                if (value != null) {
                    lbs.setParsed(lbs.parsedName(labels[i]), value);
                } else if (lbs.get(labels[i]) == null) {
                    lbs.setParsed(labels[i], "");
                }
            }
            return true;
        }

        /** The value at {@code path}, or null when the line has none there (or is malformed on the way). */
        private String find(String line, JsonPath path) {
            reader.reset(line);
            try {
                for (Object segment : path.segments()) {
                    if (!reader.skipSpace()) {
                        return null;
                    }
                    boolean found = segment instanceof String key ? member(key) : element((Integer) segment);
                    if (!found) {
                        return null;
                    }
                }
                if (!reader.skipSpace()) {
                    return null;
                }
                JsonLineReader.Kind kind = reader.kind();
                int start = reader.pos;
                reader.skipValue(kind);
                return switch (kind) {
                    case STRING -> reader.stringValue(start + 1, reader.pos - 1);
                    case NULL -> "";
                    default -> line.substring(start, reader.pos);
                };
            } catch (JsonLineReader.MalformedJson e) {
                return null;
            }
        }

        private boolean member(String key) throws JsonLineReader.MalformedJson {
            if (reader.peek() != '{' || !reader.enterObject()) {
                return false;
            }
            do {
                int keyStart = reader.skipString();
                int keyEnd = reader.pos - 1;
                reader.colon();
                boolean escaped = reader.lastStringEscaped;
                if (escaped ? reader.stringValue(keyStart, keyEnd).equals(key)
                        : keyEnd - keyStart == key.length() && reader.text.startsWith(key, keyStart)) {
                    return true;
                }
                reader.skipValue(reader.kind());
            } while (reader.nextMember());
            return false;
        }

        private boolean element(int index) throws JsonLineReader.MalformedJson {
            if (reader.peek() != '[') {
                return false;
            }
            reader.pos++;
            for (int i = 0; ; i++) {
                if (!reader.skipSpace() || reader.peek() == ']') {
                    return false;
                }
                if (i == index) {
                    return true;
                }
                reader.skipValue(reader.kind());
                if (!reader.skipSpace() || reader.peek() != ',') {
                    return false;
                }
                reader.pos++;
            }
        }
    }
}
