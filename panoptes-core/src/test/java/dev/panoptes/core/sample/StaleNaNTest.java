package dev.panoptes.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaleNaNTest {

    @Test
    void onlyTheMarkerBitsAreStale() {
        assertThat(StaleNaN.is(StaleNaN.VALUE)).isTrue();
        assertThat(StaleNaN.is(Double.NaN)).isFalse();
        assertThat(StaleNaN.is(Double.longBitsToDouble(0x7ff0000000000001L))).isFalse();
        assertThat(StaleNaN.is(0)).isFalse();
        assertThat(Double.isNaN(StaleNaN.VALUE)).isTrue();
    }

    @Test
    void arithmeticDoesNotKeepTheMarker() {
        // a sum over a stale sample is an ordinary NaN, never a second marker
        assertThat(StaleNaN.is(StaleNaN.VALUE + 1)).isFalse();
    }
}
