package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The operators {@code </} and {@code >/} through the whole engine, for what the upstream scripts
 * leave out: which operand types combine, and the labels of the result.
 */
class TrimOperatorsTest {

    private final PromqlConformance runner = PromqlConformance.withScriptSettings();

    @Test
    void trimmingAHistogramKeepsTheMetricNameOnEitherSideOfTheScalar() throws IOException {
        FileResult r = runner.run("trim-names.test", """
                load 1m
                  latency{job="api"} {{schema:-53 sum:172.5 count:15 custom_values:[5 10 15 20] buckets:[1 6 4 3 1]}}

                eval instant at 1m latency </ 15
                  expect no_info
                  latency{job="api"} {{schema:-53 count:11 sum:97.5 custom_values:[5 10 15 20] buckets:[1 6 4]}}

                eval instant at 1m latency >/ scalar(vector(15))
                  latency{job="api"} {{schema:-53 count:4 sum:72.5 custom_values:[5 10 15 20] offset:3 buckets:[3 1]}}
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(2);
    }

    @Test
    void onlyAHistogramOnTheLeftOfAFloatCanBeTrimmed() throws IOException {
        FileResult r = runner.run("trim-types.test", """
                load 1m
                  latency {{schema:0 sum:5 count:4 buckets:[1 2 1]}}
                  requests 3

                eval instant at 1m requests </ 2
                  expect info msg: PromQL info: incompatible sample types encountered for binary operator "</": float </ float (1:1)

                eval instant at 1m 2 >/ latency
                  expect info msg: PromQL info: incompatible sample types encountered for binary operator ">/": float >/ histogram (1:1)

                eval instant at 1m latency </ latency
                  expect info msg: PromQL info: incompatible sample types encountered for binary operator "</": histogram </ histogram (1:1)
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(3);
    }
}
