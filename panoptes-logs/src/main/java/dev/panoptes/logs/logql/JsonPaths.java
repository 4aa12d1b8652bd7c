package dev.panoptes.logs.logql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key path behind each label {@code | json} sets from a line: {@code {"user":{"id":7}}}
 * gives {@code user_id -> [user, id]}, the keys as written in the line. Walks the object the way
 * {@link JsonStep} does, with its naming, so both agree on the label names; kept apart so that the
 * parser on the query path builds no lists.
 */
final class JsonPaths {

    private final JsonLineReader reader = new JsonLineReader();
    private final StringBuilder name = new StringBuilder();
    private final List<String> keys = new ArrayList<>();
    private final Map<String, List<String>> out = new HashMap<>();

    private JsonPaths() {
    }

    /** The paths of the line's labels by label name (the first of a name wins); what was found before a fault when malformed. */
    static Map<String, List<String>> of(String line) {
        JsonPaths paths = new JsonPaths();
        paths.reader.reset(line);
        try {
            paths.object(0);
        } catch (JsonLineReader.MalformedJson e) {
            // Keep what was found, as the parser keeps its labels.
        }
        return paths.out;
    }

    private void object(int depth) throws JsonLineReader.MalformedJson {
        if (depth > JsonLineReader.MAX_DEPTH || !reader.enterObject()) {
            return;
        }
        String text = reader.text;
        do {
            int keyStart = reader.skipString();
            int keyEnd = reader.pos - 1;
            String key = reader.stringValue(keyStart, keyEnd);
            reader.colon();
            JsonLineReader.Kind kind = reader.kind();
            int prefix = name.length();
            switch (kind) {
                case OBJECT -> {
                    appendKey(text, key, keyStart, keyEnd);
                    keys.add(key);
                    object(depth + 1);
                    keys.removeLast();
                }
                case STRING, NUMBER, TRUE, FALSE -> {
                    appendKey(text, key, keyStart, keyEnd);
                    reader.skipValue(kind);
                    if (name.length() > 0) {
                        keys.add(key);
                        out.putIfAbsent(name.toString(), List.copyOf(keys));
                        keys.removeLast();
                    }
                }
                default -> reader.skipValue(kind);
            }
            name.setLength(prefix);
        } while (reader.nextMember());
    }

    private void appendKey(String text, String key, int start, int end) {
        if (name.length() > 0 && !LabelNames.isBlank(text, start, end)) {
            name.append('_');
        }
        LabelNames.appendSanitized(name, key, 0, key.length());
    }
}
