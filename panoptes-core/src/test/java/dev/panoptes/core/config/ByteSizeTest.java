package dev.panoptes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void unitsArePowersOf1024() {
        assertThat(ByteSize.parse("512MB").bytes()).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("10GiB").bytes()).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("1tb").bytes()).isEqualTo(1L << 40);
        assertThat(ByteSize.parse("1000").bytes()).isEqualTo(1000);
        assertThat(ByteSize.parse("2048KB")).hasToString("2MB");
    }

    @Test
    void nonsenseIsRefusedWithAHint() {
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("512MB");
        assertThatThrownBy(() -> ByteSize.parse("5 parsecs")).hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> ByteSize.parse("99999999999PB")).hasMessageContaining("too large");
    }
}
