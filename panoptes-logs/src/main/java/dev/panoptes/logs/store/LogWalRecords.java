package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalRecords;

/**
 * The log store's records in the write-ahead log (the bytes are in {@code docs/formats/wal.md},
 * "Logs records"): a stream record when a stream is created, before any entry names it, and an
 * entries record per stream of a push. The first payload byte is the type; types are never reused.
 *
 * <p>Stateless and thread-safe.
 */
final class LogWalRecords {

    static final int STREAM = 1;
    static final int ENTRIES = 2;

    private LogWalRecords() {
    }

    /** Receives decoded records. */
    interface Visitor {
        void stream(int id, Labels labels);

        /** The entries are in {@code entries}, which is reused after the call. */
        void entries(int streamId, EntryBuffer entries);
    }

    static void writeStream(EncodeBuffer out, int id, Labels labels) {
        int start = WalRecords.begin(out);
        out.putByte(STREAM).putUvarint(id);
        putLabels(out, labels);
        WalRecords.end(out, start);
    }

    static void writeEntries(EncodeBuffer out, int streamId, EntryBuffer entries, int from, int to) {
        int start = WalRecords.begin(out);
        out.putByte(ENTRIES).putUvarint(streamId).putUvarint(to - from);
        long base = to > from ? entries.time(from) : 0;
        out.putVarint(base);
        for (int i = from; i < to; i++) {
            out.putVarint(entries.time(i) - base);
            out.putString(entries.line(i));
            putLabels(out, entries.metadata(i));
        }
        WalRecords.end(out, start);
    }

    private static void putLabels(EncodeBuffer out, Labels labels) {
        out.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.putString(labels.name(i)).putString(labels.value(i));
        }
    }

    private static Labels getLabels(DecodeBuffer in) {
        int n = in.getUvarintInt();
        if (n == 0) {
            return Labels.empty();
        }
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < n; i++) {
            b.set(in.getString(), in.getString());
        }
        return b.build();
    }

    /** Decodes one record's payload; {@code scratch} is cleared and reused for entries. */
    static void read(byte[] buf, int offset, int length, EntryBuffer scratch, Visitor visitor) {
        DecodeBuffer in = new DecodeBuffer(buf, offset, length);
        int type = in.getByte();
        switch (type) {
            case STREAM -> {
                int id = in.getUvarintInt();
                visitor.stream(id, getLabels(in));
            }
            case ENTRIES -> {
                int id = in.getUvarintInt();
                int n = in.getUvarintInt();
                long base = in.getVarint();
                scratch.clear();
                for (int i = 0; i < n; i++) {
                    long t = base + in.getVarint();
                    String line = in.getString();
                    scratch.add(t, line, getLabels(in));
                }
                visitor.entries(id, scratch);
            }
            default -> throw new CorruptDataException("unknown log record type " + type);
        }
    }
}
