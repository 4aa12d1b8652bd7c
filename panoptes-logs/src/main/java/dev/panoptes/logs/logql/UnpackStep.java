package dev.panoptes.logs.logql;

/**
 * {@code | unpack}: reads a line that Promtail's {@code pack} stage wrote, a JSON object whose
 * {@code _entry} string is the original line and whose other string members were labels. The
 * line becomes {@code _entry} and the members become labels; an object without {@code _entry} is
 * left as it is, as Loki does. Non-string members are ignored. A line that is not an object gets
 * {@code __error__=JSONParserErr}.
 */
final class UnpackStep implements PipelineStep {

    static final String PACKED_ENTRY_KEY = "_entry";

    private final JsonLineReader reader = new JsonLineReader();
    private String[] found = new String[16];

    @Override
    public boolean apply(PipelineEntry entry) {
        String line = entry.line();
        if (line.isEmpty()) {
            return true;
        }
        if (line.charAt(0) != '{') {
            entry.labels.setError(JsonStep.ERROR, "expecting json object(6), but it is not");
            return true;
        }
        reader.reset(line);
        String unpacked = null;
        int count = 0;
        PipelineLabels labels = entry.labels;
        try {
            if (reader.enterObject()) {
                do {
                    int keyStart = reader.skipString();
                    String key = reader.stringValue(keyStart, reader.pos - 1);
                    reader.colon();
                    JsonLineReader.Kind kind = reader.kind();
                    int valueStart = reader.pos;
                    reader.skipValue(kind);
                    if (kind != JsonLineReader.Kind.STRING) {
                        continue;
                    }
                    String value = reader.stringValue(valueStart + 1, reader.pos - 1);
                    if (key.equals(PACKED_ENTRY_KEY)) {
                        unpacked = value;
                        continue;
                    }
                    String name = labels.parsedName(key);
                    if (labels.isExtracted(name)) {
                        continue;
                    }
                    if (2 * count + 2 > found.length) {
                        found = java.util.Arrays.copyOf(found, found.length * 2);
                    }
                    found[2 * count] = LabelNames.sanitize(name);
                    found[2 * count + 1] = value;
                    count++;
                } while (reader.nextMember());
            }
        } catch (JsonLineReader.MalformedJson e) {
            labels.setError(JsonStep.ERROR, e.getMessage());
            return true;
        }
        if (unpacked != null) {
            for (int i = 0; i < count; i++) {
                labels.setParsed(found[2 * i], found[2 * i + 1]);
            }
            entry.setLine(unpacked);
        }
        return true;
    }
}
