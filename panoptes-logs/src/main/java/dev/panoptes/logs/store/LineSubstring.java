package dev.panoptes.logs.store;

/**
 * A string that every line a scan keeps must hold, as the chunks' blooms are asked about it:
 * exactly, or with each ASCII letter in either case (a regex under {@code (?i)}).
 */
record LineSubstring(String text, boolean ignoresCase) {

    static LineSubstring exact(String text) {
        return new LineSubstring(text, false);
    }

    static LineSubstring ignoringCase(String text) {
        return new LineSubstring(text, true);
    }
}
