package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(LatencyStats.quantile(new double[] {9, 1, 5}, 0.5)).isEqualTo(5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(LatencyStats.quantile(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
    }

    @Test
    void p99InterpolatesBetweenTheTwoHighestRanks() {
        double[] values = new double[101];
        for (int i = 0; i <= 100; i++) {
            values[i] = 100 - i;
        }
        assertThat(LatencyStats.quantile(values, 0.99)).isEqualTo(99);
        assertThat(LatencyStats.quantile(new double[] {10, 20}, 0.99)).isCloseTo(19.9, within(1e-9));
    }

    @Test
    void oneValueIsEveryQuantile() {
        assertThat(LatencyStats.quantile(new double[] {7}, 0.5)).isEqualTo(7);
        assertThat(LatencyStats.quantile(new double[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void quantileLeavesItsInputUnsorted() {
        double[] values = {3, 1, 2};
        LatencyStats.quantile(values, 0.5);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void noValuesOrAQuantileOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> LatencyStats.quantile(new double[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.quantile(new double[] {1}, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void geometricMeanOfRatiosTreatsHalvingAndDoublingAlike() {
        assertThat(LatencyStats.geometricMean(new double[] {2, 8})).isCloseTo(4, within(1e-12));
        assertThat(LatencyStats.geometricMean(new double[] {0.5, 2})).isCloseTo(1, within(1e-12));
    }

    @Test
    void geometricMeanRefusesZero() {
        assertThatThrownBy(() -> LatencyStats.geometricMean(new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
    }
}
