package dev.panoptes.core.objstore;

/**
 * The rules for object keys, shared by every {@link ObjectStore}: {@code /}-separated segments,
 * each non-empty, none {@code .} or {@code ..}, no backslash or control character, at most
 * {@value #MAX_LENGTH} bytes. The rules keep a key safe both as an S3 key and as a relative path
 * under a directory.
 */
public final class ObjectKeys {

    /** S3's own bound on key length, in UTF-8 bytes. */
    public static final int MAX_LENGTH = 1024;

    private ObjectKeys() {
    }

    /** Throws {@link IllegalArgumentException} naming the problem if {@code key} is not a valid key. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("object key is longer than " + MAX_LENGTH + " characters: " + key.substring(0, 64) + "...");
        }
        int segmentStart = 0;
        for (int i = 0; i <= key.length(); i++) {
            char c = i < key.length() ? key.charAt(i) : '/';
            if (c == '/') {
                String segment = key.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("object key '" + key + "' has an empty, '.' or '..' segment");
                }
                segmentStart = i + 1;
            } else if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("object key '" + key + "' contains a backslash or control character at position " + (i + 1));
            }
        }
        return key;
    }

    /** Checks a listing prefix: empty, or a key prefix that ends anywhere, including after a '/'. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("object key prefix is null");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        String asKey = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        check(asKey);
        return prefix;
    }
}
