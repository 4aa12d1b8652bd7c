package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs small scripts of our own through the whole runner: real TSDB, real engine. */
class PromqlConformanceRunTest {

    private final PromqlConformance runner = PromqlConformance.withScriptSettings();

    @Test
    void countsPassingAndFailingEvalsAndSaysWhatDiffered() throws IOException {
        FileResult r = runner.run("own.test", """
                load 1m
                  requests{job="api"} 0+10x10
                  requests{job="db"} 5x10

                eval instant at 5m requests
                  requests{job="api"} 50
                  requests{job="db"} 5

                eval instant at 5m requests{job="api"}
                  requests{job="api"} 51

                eval range from 0 to 2m step 1m sum(requests)
                  {} 5 15 25

                eval instant at 5m requests
                  requests{job="api"} 50
                """);
        assertThat(r.passed()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.summaryLine()).isEqualTo("own.test: 2 passed, 2 failed");
        assertThat(r.failures()).extracting(EvalFailure::line).containsExactly(9, 15);
        assertThat(r.failures().get(0).describe())
                .startsWith("own.test:9: requests{job=\"api\"}: expected 51 for {__name__=\"requests\", job=\"api\"}, got 50");
        assertThat(r.failures().get(1).detail()).startsWith("unexpected series {__name__=\"requests\", job=\"db\"}");
    }

    @Test
    void checksExpectedFailuresAndScalars() throws IOException {
        FileResult r = runner.run("fail.test", """
                load 1m
                  a{x="1"} 1
                  a{x="2"} 1

                eval instant at 0 label_replace(a, "x", "same", "x", ".*")
                  expect fail msg: vector cannot contain metrics with the same labelset

                eval instant at 0 label_replace(a, "x", "same", "x", ".*")
                  expect fail msg: something else

                eval instant at 0 a
                  expect fail

                eval instant at 1m 1 + 2
                  3

                eval instant at 1m 1 + 2
                  4
                """);
        assertThat(r.failures()).extracting(EvalFailure::line).containsExactly(8, 11, 17);
        assertThat(r.failures().get(1).detail()).isEqualTo("expected the query to fail, it succeeded");
        assertThat(r.failures().get(2).detail()).isEqualTo("expected scalar 4, got 3");
        assertThat(r.passed()).isEqualTo(2);
    }

    @Test
    void clearDropsEarlierData() throws IOException {
        FileResult r = runner.run("clear.test", """
                load 1m
                  old 1

                clear

                load 1m
                  new 2

                eval instant at 0 old

                eval instant at 0 new
                  new 2
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(2);
    }

    @Test
    void aScriptThatDoesNotParseFailsAllItsEvals() throws IOException {
        FileResult r = runner.run("broken.test", """
                eval instant at 0 1
                  1

                eval instant at 0 sum(
                """);
        assertThat(r.passed()).isZero();
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.detail()).contains("does not parse");
        });
    }

    @Test
    void aLoadTheStorageRefusesFailsEveryLaterEval() throws IOException {
        FileResult r = runner.run("order.test", """
                load 1m
                  x 1 2 3

                eval instant at 0 x
                  x 1

                load 1m
                  x 5

                eval instant at 0 x
                  x 1
                """);
        assertThat(r.passed()).isEqualTo(1);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.detail()).contains("load at line 7 failed"));
    }

    @Test
    void instantEvalsAreAlsoCheckedAsARangeQueryAroundTheirTime() throws IOException {
        FileResult r = runner.run("range-mode.test", """
                load 1m
                  x 1 1

                eval instant at 1m x[1m]
                  x 1
                """);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("range mode: query failed"));
    }

    @Test
    void instantEvalsAreRerunWithSelectorsPinnedByAt() throws IOException {
        // Pinning lengthens the text before y, so an exact annotation position only holds for the
        // query as written; the rerun reports the rewritten query's position.
        FileResult r = runner.run("pinned.test", """
                load 1m
                  x 1 1
                  y 1 2

                eval instant at 1m x + rate(y[5m])
                  expect info msg: PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "y" (1:10)
                  {} 1.005
                """);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.detail())
                .contains("(1:19)").contains("[step-invariance rerun: x @ 60.000 + rate(y[5m] @ 60.000) at -600000]"));
    }
}
