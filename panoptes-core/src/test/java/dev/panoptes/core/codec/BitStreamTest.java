package dev.panoptes.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {

    @Test
    void bitsOfEveryWidthReadBackAsWritten() {
        Random random = new Random(42);
        long[] values = new long[5000];
        int[] widths = new int[values.length];
        BitWriter w = new BitWriter(1);
        for (int i = 0; i < values.length; i++) {
            widths[i] = random.nextInt(65);
            values[i] = widths[i] == 64 ? random.nextLong() : random.nextLong() & ((1L << widths[i]) - 1);
            if (i % 7 == 0) {
                w.writeBit(true);
            }
            w.writeBits(values[i], widths[i]);
        }
        BitReader r = new BitReader(w.buffer(), 0, w.byteLength());
        for (int i = 0; i < values.length; i++) {
            if (i % 7 == 0) {
                assertThat(r.readBit()).isTrue();
            }
            assertThat(r.readBits(widths[i])).as("value %d of width %d", i, widths[i]).isEqualTo(values[i]);
        }
        assertThat(r.overrun()).isFalse();
        assertThat(r.bitPosition()).isEqualTo(w.bitLength());
    }

    @Test
    void readingPastTheEndIsFlaggedNotThrown() {
        BitWriter w = new BitWriter(4);
        w.writeBits(0b101, 3);
        BitReader r = new BitReader(w.buffer(), 0, w.byteLength());
        r.readBits(8);
        assertThat(r.overrun()).isFalse();
        r.readBits(1);
        assertThat(r.overrun()).isTrue();
    }

    @Test
    void varintsRoundTripThroughBuffers() {
        long[] values = {0, 1, -1, 63, -64, 64, 127, 128, 300, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35, -(1L << 40)};
        EncodeBuffer enc = new EncodeBuffer(4);
        for (long v : values) {
            enc.putVarint(v).putUvarint(v).putLong(v).putString("s" + v);
        }
        DecodeBuffer dec = new DecodeBuffer(enc.toByteArray());
        for (long v : values) {
            assertThat(dec.getVarint()).isEqualTo(v);
            assertThat(dec.getUvarint()).isEqualTo(v);
            assertThat(dec.getLong()).isEqualTo(v);
            assertThat(dec.getString()).isEqualTo("s" + v);
        }
        assertThat(dec.hasRemaining()).isFalse();
        assertThat(Varint.uvarintLength(300)).isEqualTo(2);
    }

    @Test
    void truncatedInputFailsWithTheOffset() {
        EncodeBuffer enc = new EncodeBuffer(4).putString("hello");
        DecodeBuffer dec = new DecodeBuffer(enc.array(), 0, 3);
        assertThatThrownBy(dec::getString).isInstanceOf(CorruptDataException.class).hasMessageContaining("offset 1");
    }
}
