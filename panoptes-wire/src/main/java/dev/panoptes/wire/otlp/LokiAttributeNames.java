package dev.panoptes.wire.otlp;

/**
 * OTLP attribute keys as the label and structured metadata names Loki gives them: every run of
 * characters other than ASCII letters and digits becomes one underscore
 * ({@code k8s.pod..name} → {@code k8s_pod_name}), a name starting with a digit gets a
 * {@code key_} prefix, and a {@code __reserved__} name keeps its double underscores around the
 * cleaned middle. An empty key, or one that cleans to underscores only, has no name.
 *
 * <p>Stateless and thread-safe.
 */
final class LokiAttributeNames {

    private LokiAttributeNames() {
    }

    /** The name for {@code key}, or null when it has none. */
    static String of(String key) {
        if (key.isEmpty()) {
            return null;
        }
        boolean reserved = key.length() >= 4 && key.startsWith("__") && key.endsWith("__");
        String middle = reserved ? key.substring(2, key.length() - 2) : key;
        StringBuilder name = new StringBuilder(key.length() + 4);
        if (reserved) {
            name.append("__");
        }
        boolean afterUnderscore = false;
        for (int i = 0; i < middle.length(); ) {
            int cp = middle.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9') {
                name.append((char) cp);
                afterUnderscore = false;
            } else if (!afterUnderscore) {
                name.append('_');
                afterUnderscore = true;
            }
        }
        if (reserved) {
            name.append("__");
        }
        if (name.isEmpty()) {
            return null;
        }
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            name.insert(0, "key_");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != '_') {
                return name.toString();
            }
        }
        return null;
    }
}
