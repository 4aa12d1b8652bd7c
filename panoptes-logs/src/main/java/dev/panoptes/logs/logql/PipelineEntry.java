package dev.panoptes.logs.logql;

import dev.panoptes.logs.store.Utf8Length;
import java.nio.charset.StandardCharsets;

/**
 * The entry a {@link LogPipeline} is working on: its time, its line as the stages so far left
 * it, and its labels. Until a stage rewrites it, a line read from a chunk may be held only as its
 * place in the chunk's payload: {@link #text} is the payload viewed as Latin-1 (one char per
 * UTF-8 byte), the line is {@code text[from, to)}, and the String is built only when a stage asks
 * for {@link #line()}. Stages that can work on the bytes ({@link ExtractingSteps.Patterned})
 * search the view instead. Reused from entry to entry; not thread-safe.
 */
final class PipelineEntry {

    long timestampNanos;
    final PipelineLabels labels = new PipelineLabels();
    /** The line, or null while only the payload view holds it. */
    private String line;
    /** The payload view while the line is the stored one, else null. */
    String text;
    private byte[] bytes;
    int from;
    int to;

    /** Starts an entry whose line is {@code line}. */
    void reset(String line) {
        this.line = line;
        this.text = null;
        this.bytes = null;
    }

    /** Starts an entry whose line is the UTF-8 bytes {@code bytes[from, to)}, which {@code text} views as Latin-1. */
    void reset(String text, byte[] bytes, int from, int to) {
        this.line = null;
        this.text = text;
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    /** The line, built from the payload on first use. */
    String line() {
        String l = line;
        if (l == null) {
            l = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            line = l;
        }
        return l;
    }

    /** Replaces the line: the payload view no longer speaks of it. */
    void setLine(String line) {
        this.line = line;
        this.text = null;
        this.bytes = null;
    }

    /** The UTF-8 length of the line. */
    int lineBytes() {
        return text != null ? to - from : Utf8Length.of(line);
    }
}
