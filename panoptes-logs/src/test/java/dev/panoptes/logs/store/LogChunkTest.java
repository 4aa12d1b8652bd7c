package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.labels.Labels;
import org.junit.jupiter.api.Test;

class LogChunkTest {

    static LogChunk chunkOf(int n) {
        long[] t = new long[n];
        String[] lines = new String[n];
        Labels[] md = new Labels[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000_000_000L + i * 1_000_000L;
            lines[i] = "level=info msg=\"request served\" path=/api/" + (i % 7) + " took=" + i + "ms é";
            md[i] = i % 3 == 0 ? Labels.of("trace_id", "t" + i) : Labels.empty();
        }
        return LogChunk.encode(t, lines, md, n);
    }

    @Test
    void roundTripsEntriesWithinARange() {
        LogChunk chunk = LogChunk.decode(chunkOf(1000).bytes());
        assertThat(chunk.entries()).isEqualTo(1000);
        assertThat(chunk.minTime()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(chunk.maxTime()).isEqualTo(1_700_000_000_000_000_000L + 999 * 1_000_000L);
        EntryBuffer out = new EntryBuffer(16);
        chunk.read(chunk.minTime() + 10 * 1_000_000L, chunk.minTime() + 12 * 1_000_000L, out);
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.line(0)).isEqualTo("level=info msg=\"request served\" path=/api/3 took=10ms é");
        assertThat(out.metadata(2)).isEqualTo(Labels.of("trace_id", "t12"));
        assertThat(out.metadata(1)).isEqualTo(Labels.empty());
    }

    @Test
    void repetitiveLinesCompressWell() {
        LogChunk chunk = chunkOf(5000);
        assertThat(chunk.encodedBytes()).isLessThan((int) (chunk.lineBytes() / 5));
    }

    @Test
    void refusesDamagedOrForeignBytes() {
        byte[] bytes = chunkOf(50).bytes().clone();
        bytes[bytes.length / 2] ^= 0x40;
        assertThatThrownBy(() -> LogChunk.decode(bytes)).isInstanceOf(CorruptDataException.class).hasMessageContaining("checksum");
        byte[] future = chunkOf(5).bytes().clone();
        future[0] = 9;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(future, 0, future.length - 4);
        int c = (int) crc.getValue();
        future[future.length - 4] = (byte) (c >>> 24);
        future[future.length - 3] = (byte) (c >>> 16);
        future[future.length - 2] = (byte) (c >>> 8);
        future[future.length - 1] = (byte) c;
        assertThatThrownBy(() -> LogChunk.decode(future)).hasMessageContaining("version 9 is not supported");
    }

    /** A chunk as the first format version wrote it: entries as rows (delta, line, metadata). */
    static byte[] versionOneChunk(long[] t, String[] lines, Labels[] md) {
        dev.panoptes.core.codec.EncodeBuffer payload = new dev.panoptes.core.codec.EncodeBuffer(256);
        long lineBytes = 0;
        for (int i = 0; i < t.length; i++) {
            byte[] line = lines[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            lineBytes += line.length;
            payload.putUvarint(i == 0 ? 0 : t[i] - t[i - 1]).putUvarint(line.length).putBytes(line, 0, line.length).putUvarint(md[i].size());
            for (int k = 0; k < md[i].size(); k++) {
                payload.putString(md[i].name(k)).putString(md[i].value(k));
            }
        }
        return sealed(1, t, lineBytes, payload);
    }

    /** The chunk around {@code payload} as the header of every version frames it: zstd, then the CRC32C. */
    private static byte[] sealed(int version, long[] t, long lineBytes, dev.panoptes.core.codec.EncodeBuffer payload) {
        byte[] compressed = com.github.luben.zstd.Zstd.compress(payload.toByteArray());
        dev.panoptes.core.codec.EncodeBuffer out = new dev.panoptes.core.codec.EncodeBuffer(256);
        out.putByte(version).putByte(1).putUvarint(t.length).putVarint(t[0]).putUvarint(t[t.length - 1] - t[0]).putUvarint(lineBytes)
                .putUvarint(payload.length()).putUvarint(compressed.length).putBytes(compressed, 0, compressed.length);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** A chunk as the second format version wrote it: columns, each entry's metadata written out in full. */
    static byte[] versionTwoChunk(long[] t, String[] lines, Labels[] md) {
        dev.panoptes.core.codec.EncodeBuffer metadata = new dev.panoptes.core.codec.EncodeBuffer(64);
        for (Labels m : md) {
            metadata.putUvarint(m.size());
            for (int k = 0; k < m.size(); k++) {
                metadata.putString(m.name(k)).putString(m.value(k));
            }
        }
        dev.panoptes.core.codec.EncodeBuffer payload = new dev.panoptes.core.codec.EncodeBuffer(256);
        long lineBytes = 0;
        for (int i = 0; i < t.length; i++) {
            payload.putUvarint(i == 0 ? 0 : t[i] - t[i - 1]);
        }
        for (String line : lines) {
            payload.putUvarint(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        payload.putUvarint(metadata.length()).putBytes(metadata.array(), 0, metadata.length());
        for (String line : lines) {
            byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            lineBytes += bytes.length;
            payload.putBytes(bytes, 0, bytes.length);
        }
        return sealed(2, t, lineBytes, payload);
    }

    @Test
    void readsChunksOfTheSecondVersion() {
        long[] t = {10, 20, 20, 35};
        String[] lines = {"first", "second é", "third", "fourth"};
        Labels[] md = {Labels.empty(), Labels.of("trace_id", "abc"), Labels.of("detected_level", "info"), Labels.empty()};
        LogChunk chunk = LogChunk.decode(versionTwoChunk(t, lines, md));
        EntryBuffer out = new EntryBuffer(4);
        chunk.read(0, 40, out);
        assertThat(out.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(out.time(i)).isEqualTo(t[i]);
            assertThat(out.line(i)).isEqualTo(lines[i]);
            assertThat(out.metadata(i)).isEqualTo(md[i]);
        }
    }

    @Test
    void entriesSharingAMetadataSetShareOneCopyOfIt() {
        int n = 1000;
        long[] t = new long[n];
        String[] lines = new String[n];
        Labels[] none = new Labels[n];
        Labels[] levels = new Labels[n];
        String[] words = {"info", "warn", "error", "debug"};
        for (int i = 0; i < n; i++) {
            t[i] = 1_000L * i;
            lines[i] = "line " + i;
            none[i] = Labels.empty();
            levels[i] = i == 500 ? Labels.of("detected_level", "info", "trace_id", "t500") : Labels.of("detected_level", words[i * 7 % 4]);
        }
        LogChunk plain = LogChunk.encode(t, lines, none, n);
        LogChunk withLevels = LogChunk.decode(LogChunk.encode(t, lines, levels, n).bytes());
        // Five sets written once, then a byte per entry.
        assertThat(withLevels.rawLength() - plain.rawLength()).isLessThan(n + 200);
        EntryBuffer out = new EntryBuffer(n);
        withLevels.read(0, Long.MAX_VALUE, out);
        for (int i = 0; i < n; i++) {
            assertThat(out.metadata(i)).isEqualTo(levels[i]);
        }
        assertThat(out.metadata(4)).isSameAs(out.metadata(0));
        assertThat(out.metadata(500)).isEqualTo(Labels.of("detected_level", "info", "trace_id", "t500"));
    }

    @Test
    void readsChunksOfTheFirstVersion() {
        long[] t = {10, 20, 20, 35};
        String[] lines = {"first", "second é", "third", "fourth"};
        Labels[] md = {Labels.empty(), Labels.of("trace_id", "abc"), Labels.empty(), Labels.empty()};
        LogChunk chunk = LogChunk.decode(versionOneChunk(t, lines, md));
        EntryBuffer out = new EntryBuffer(4);
        chunk.read(15, 40, out);
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.line(0)).isEqualTo("second é");
        assertThat(out.metadata(0)).isEqualTo(Labels.of("trace_id", "abc"));
        assertThat(out.time(2)).isEqualTo(35);
        assertThat(out.line(2)).isEqualTo("fourth");
    }
}
