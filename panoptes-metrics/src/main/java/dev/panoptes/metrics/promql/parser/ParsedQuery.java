package dev.panoptes.metrics.promql.parser;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parsed query with where each node of its tree starts: the byte offset (0-based, in the
 * query's UTF-8 bytes) of Prometheus' position-range start, used to point annotations at the
 * sub-expression they are about. A function call starts at its name, a selector at its metric name
 * or {@code {}, a range selector or subquery at its inner expression, an aggregation at its
 * operator keyword, a binary expression at its left-hand side, a parenthesis at {@code (}.
 *
 * <p>Duration expressions have a byte span instead ({@link #spanOf}), for the errors they raise
 * when evaluated ({@link #describe}). Nodes are looked up by identity: only the node instances
 * of {@link #expr()} are known.
 * Immutable and thread-safe.
 */
public record ParsedQuery(String query, Expr expr, Map<Expr, Integer> positions,
        Map<DurationExpr, ByteSpan> durationSpans) {

    /** A byte range {@code [start, end)} of the query. */
    public record ByteSpan(int start, int end) {
    }

    public ParsedQuery {
        positions = Collections.unmodifiableMap(new IdentityHashMap<>(positions));
        durationSpans = Collections.unmodifiableMap(new IdentityHashMap<>(durationSpans));
    }

    /** Converts the parser's character indexes into byte offsets. */
    static ParsedQuery of(String query, Expr expr, Map<Expr, Integer> charStarts, Map<DurationExpr, int[]> charSpans) {
        int[] byteOffsets = byteOffsets(query);
        IdentityHashMap<Expr, Integer> starts = new IdentityHashMap<>(charStarts.size() * 2);
        for (Map.Entry<Expr, Integer> e : charStarts.entrySet()) {
            int start = e.getValue();
            starts.put(e.getKey(), byteOffsets == null || start < 0 ? start : byteOffsets[start]);
        }
        IdentityHashMap<DurationExpr, ByteSpan> spans = new IdentityHashMap<>(charSpans.size() * 2);
        for (Map.Entry<DurationExpr, int[]> e : charSpans.entrySet()) {
            int[] span = e.getValue();
            spans.put(e.getKey(), byteOffsets == null ? new ByteSpan(span[0], span[1])
                    : new ByteSpan(byteOffsets[span[0]], byteOffsets[span[1]]));
        }
        return new ParsedQuery(query, expr, starts, spans);
    }

    /**
     * The byte range of a duration expression of this tree, as Prometheus' position range of it
     * (a parenthesised expression spans its content), or null when it is not one of this tree.
     */
    public ByteSpan spanOf(DurationExpr node) {
        return durationSpans.get(node);
    }

    /**
     * The message Prometheus gives for a duration that fails when evaluated: {@code
     * <start>:<end>: <what>}, byte offsets of the expression at fault.
     */
    public String describe(DurationExpr.InvalidDuration error) {
        ByteSpan span = error.node() == null ? null : spanOf(error.node());
        return span == null ? error.getMessage() : span.start() + ":" + span.end() + ": " + error.getMessage();
    }

    /** The byte offset where {@code node} starts, or -1 when it is not a node of this tree. */
    public int positionOf(Expr node) {
        Integer start = positions.get(node);
        return start == null ? -1 : start;
    }

    /**
     * {@code line:column} for a byte offset, as Prometheus prints positions: the line is 1-based,
     * the column is the 1-based byte offset within the line.
     */
    public String lineColumn(int offset) {
        return lineColumn(query, offset);
    }

    static String lineColumn(String query, int offset) {
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        int end = Math.max(0, Math.min(offset, bytes.length));
        int line = 1;
        int lastBreak = -1;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
                lastBreak = i;
            }
        }
        return line + ":" + (end - lastBreak);
    }

    /** For each character index (and the end), its UTF-8 byte offset; null when the query is ASCII. */
    static int[] byteOffsets(String query) {
        boolean ascii = true;
        for (int i = 0; i < query.length() && ascii; i++) {
            ascii = query.charAt(i) < 0x80;
        }
        if (ascii) {
            return null;
        }
        int[] offsets = new int[query.length() + 1];
        int bytes = 0;
        for (int i = 0; i < query.length(); i++) {
            offsets[i] = bytes;
            char c = query.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                // The pair encodes to four bytes, counted on the high half.
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                bytes += 0;
            } else {
                bytes += 3;
            }
        }
        offsets[query.length()] = bytes;
        return offsets;
    }
}
