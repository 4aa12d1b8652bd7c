package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFormatTest {

    @Test
    void durationsReadAsGoPrintsThem() {
        assertThat(GoFormat.duration(0)).isEqualTo("0s");
        assertThat(GoFormat.duration(7_200_000_000_000L)).isEqualTo("2h0m0s");
        assertThat(GoFormat.duration(182_000_000_000L)).isEqualTo("3m2s");
        assertThat(GoFormat.duration(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoFormat.duration(250_000_000L)).isEqualTo("250ms");
        assertThat(GoFormat.duration(1_500L)).isEqualTo("1.5µs");
        assertThat(GoFormat.duration(999L)).isEqualTo("999ns");
        assertThat(GoFormat.duration(-90_000_000_000L)).isEqualTo("-1m30s");
        assertThat(GoFormat.duration(2_595_600_000_000_001L)).isEqualTo("721h0m0.000000001s");
    }

    @Test
    void bytesReadAsHumanizeIBytesPrintsThem() {
        assertThat(GoFormat.iecBytes(9)).isEqualTo("9 B");
        assertThat(GoFormat.iecBytes(15)).isEqualTo("15 B");
        assertThat(GoFormat.iecBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(GoFormat.iecBytes(10L << 20)).isEqualTo("10 MiB");
        assertThat(GoFormat.iecBytes(1L << 30)).isEqualTo("1.0 GiB");
    }
}
