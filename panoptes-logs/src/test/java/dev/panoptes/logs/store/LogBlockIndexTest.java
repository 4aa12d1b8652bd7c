package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBlockIndexTest {

    @TempDir
    Path dir;

    private StoredBlooms stored(EncodeBuffer blooms, ChunkBloom.Scheme scheme) throws IOException {
        ObjectStore objects = TestObjects.in(dir);
        objects.put("b/blooms", blooms.toByteArray());
        return new StoredBlooms("b/blooms", objects.openRangeReader("b/blooms"), scheme);
    }

    @Test
    void roundTripsEachChunksLineBytesAndReadsItsFilterFromTheBloomsObject() throws IOException {
        ChunkBloom first = ChunkBloom.of(new String[] {"order 4711 shipped"}, 1);
        ChunkBloom second = ChunkBloom.of(new String[] {"user alice logged in"}, 1);
        EncodeBuffer blooms = new EncodeBuffer(64);
        byte[] encoded = LogBlockIndex.encode(List.of(new LogBlockIndex.WrittenStream(Labels.of("app", "a"), List.of(
                new LogBlockIndex.WrittenChunk(0, 40, 10, 20, 3, 123, first),
                new LogBlockIndex.WrittenChunk(40, 50, 21, 30, 4, 456, second)))), blooms);
        try (StoredBlooms stored = stored(blooms, LogBlockIndex.scheme(encoded))) {
            List<BlockChunkRef> refs = LogBlockIndex.decode(encoded, "k", stored).streams().get(0).refs();
            assertThat(refs).extracting(BlockChunkRef::lineBytes).containsExactly(123L, 456L);
            assertThat(refs).extracting(BlockChunkRef::entries).containsExactly(3, 4);
            assertThat(refs.get(0).bloom().mayContain("4711")).isTrue();
            assertThat(refs.get(1).bloom().mayContain("alice")).isTrue();
            // the stored filters answer exactly as the ones they were written from
            for (String probe : List.of("4711", "alice", "shipped", "logged", "zzzz", "qwerty", "order")) {
                assertThat(refs.get(0).bloom().mayContain(probe)).as(probe).isEqualTo(first.mayContain(probe));
                assertThat(refs.get(1).bloom().mayContain(probe)).as(probe).isEqualTo(second.mayContain(probe));
            }
            // a filter read over stored bytes encodes to the same bytes again (compaction copies them)
            EncodeBuffer again = new EncodeBuffer(64);
            refs.get(0).bloom().encode(again);
            EncodeBuffer original = new EncodeBuffer(64);
            first.encode(original);
            assertThat(again.toByteArray()).isEqualTo(original.toByteArray());
        }
    }

    @Test
    void readsAVersionOneIndexWithTheCompressedLengthForLineBytes() throws IOException {
        EncodeBuffer blooms = new EncodeBuffer(64);
        ChunkBloom.of(new String[] {"some line"}, 1).encode(blooms);
        EncodeBuffer out = new EncodeBuffer(64);
        out.putByte(1).putUvarint(1).putUvarint(1).putString("app").putString("a").putUvarint(1);
        out.putUvarint(0).putUvarint(40).putVarint(10).putUvarint(10).putUvarint(3).putUvarint(0).putUvarint(blooms.length());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        byte[] index = out.toByteArray();
        assertThat(LogBlockIndex.scheme(index)).isEqualTo(ChunkBloom.Scheme.ALL_SUBSTRINGS);
        try (StoredBlooms stored = stored(blooms, LogBlockIndex.scheme(index))) {
            BlockChunkRef read = LogBlockIndex.decode(index, "k", stored).streams().get(0).refs().get(0);
            assertThat(read.lineBytes()).isEqualTo(40);
            assertThat(read.maxTime()).isEqualTo(20);
        }
    }

    @Test
    void onlyFiltersWrittenWithTheMetadataValuesSaySo() throws IOException {
        ChunkBloom withValues = ChunkBloom.of(new String[] {"paid"}, new Labels[] {Labels.of("trace_id", "4bf92f3577b34da6")}, 1);
        EncodeBuffer blooms = new EncodeBuffer(64);
        byte[] encoded = LogBlockIndex.encode(List.of(new LogBlockIndex.WrittenStream(Labels.of("app", "a"), List.of(
                new LogBlockIndex.WrittenChunk(0, 40, 10, 20, 1, 4, withValues)))), blooms);
        try (StoredBlooms stored = stored(blooms, LogBlockIndex.scheme(encoded))) {
            BlockChunkRef ref = LogBlockIndex.decode(encoded, "k", stored).streams().get(0).refs().get(0);
            assertThat(ref.bloomCoversMetadata()).isTrue();
            assertThat(ref.bloom().mayContainInMetadata("4bf92f3577b34da6")).isTrue();
            assertThat(ref.bloom().mayContainInMetadata("paid")).as("the lines' n-grams are not the metadata's").isFalse();
            assertThat(ref.bloom().mayContain("4bf92f3577b34da6")).as("nor the other way round").isFalse();
            assertThat(ref.bloom().mayContain("paid")).isTrue();
        }
        // Version 2 wrote the same fields without flags; its filters hold the lines alone.
        EncodeBuffer out = new EncodeBuffer(64);
        out.putByte(2).putUvarint(1).putUvarint(1).putString("app").putString("a").putUvarint(1);
        out.putUvarint(0).putUvarint(40).putVarint(10).putUvarint(10).putUvarint(1).putUvarint(0).putUvarint(blooms.length()).putUvarint(4);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        try (StoredBlooms stored = stored(blooms, LogBlockIndex.scheme(out.toByteArray()))) {
            BlockChunkRef old = LogBlockIndex.decode(out.toByteArray(), "k", stored).streams().get(0).refs().get(0);
            assertThat(old.bloomCoversMetadata()).isFalse();
            assertThat(old.bloom().coversMetadata()).isFalse();
            assertThat(old.bloom().mayContainInMetadata("anything at all")).as("a filter of the lines alone rules out no value").isTrue();
            assertThat(old.lineBytes()).isEqualTo(4);
        }
    }

    @Test
    void aFilterPastTheEndOfTheBloomsObjectIsCorruptData() throws IOException {
        EncodeBuffer blooms = new EncodeBuffer(64);
        byte[] encoded = LogBlockIndex.encode(List.of(new LogBlockIndex.WrittenStream(Labels.of("app", "a"), List.of(
                new LogBlockIndex.WrittenChunk(0, 40, 10, 20, 3, 123, ChunkBloom.of(new String[] {"a line here"}, 1))))), blooms);
        EncodeBuffer shorter = new EncodeBuffer(8);
        shorter.putBytes(blooms.toByteArray(), 0, blooms.length() - 8);
        try (StoredBlooms stored = stored(shorter, LogBlockIndex.scheme(encoded))) {
            assertThatThrownBy(() -> LogBlockIndex.decode(encoded, "k", stored)).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("past the end of the blooms object");
        }
    }
}
