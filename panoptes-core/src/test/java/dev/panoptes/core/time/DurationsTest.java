package dev.panoptes.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "15s, 15000",
        "1ms, 1",
        "5m, 300000",
        "1h30m, 5400000",
        "2d, 172800000",
        "1w, 604800000",
        "1y, 31536000000",
        "1h1m1s1ms, 3661001",
    })
    void parsesPrometheusNotation(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "1.5h", "1m1h", "1s1s", "-1s", "10x", "1h ", "99999999999999999999s"})
    void rejectsEverythingElseQuotingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "1000, 1s", "5400000, 1h30m", "90061001, 1d1h1m1s1ms", "1209600000, 2w", "31536000000, 1y",
        "1296000000, 15d", "2595600000, 30d1h", "32140800000, 372d"})
    void formatsLargestUnitsFirst(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
