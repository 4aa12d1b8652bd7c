package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class LogBlockIndexTest {

    @Test
    void roundTripsEachChunksLineBytes() {
        ChunkBloom bloom = ChunkBloom.of(new String[] {"some line"}, 1);
        LogBlockIndex index = new LogBlockIndex(List.of(new LogBlockIndex.Stream(Labels.of("app", "a"),
                List.of(new BlockChunkRef("k", 0, 40, 10, 20, 3, 123, bloom)))));
        EncodeBuffer blooms = new EncodeBuffer(64);
        byte[] encoded = index.encode(blooms);
        BlockChunkRef read = LogBlockIndex.decode(encoded, "k", blooms.toByteArray()).streams().get(0).refs().get(0);
        assertThat(read.lineBytes()).isEqualTo(123);
        assertThat(read.entries()).isEqualTo(3);
    }

    @Test
    void readsAVersionOneIndexWithTheCompressedLengthForLineBytes() {
        EncodeBuffer blooms = new EncodeBuffer(64);
        ChunkBloom.of(new String[] {"some line"}, 1).encode(blooms);
        EncodeBuffer out = new EncodeBuffer(64);
        out.putByte(1).putUvarint(1).putUvarint(1).putString("app").putString("a").putUvarint(1);
        out.putUvarint(0).putUvarint(40).putVarint(10).putUvarint(10).putUvarint(3).putUvarint(0).putUvarint(blooms.length());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        BlockChunkRef read = LogBlockIndex.decode(out.toByteArray(), "k", blooms.toByteArray()).streams().get(0).refs().get(0);
        assertThat(read.lineBytes()).isEqualTo(40);
        assertThat(read.maxTime()).isEqualTo(20);
    }
}
