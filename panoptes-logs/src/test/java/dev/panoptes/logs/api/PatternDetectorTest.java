package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatternDetectorTest {

    @Test
    void linesOfOneShapeShareAPatternWithVariablesReplaced() {
        PatternDetector drain = PatternDetector.withDefaults(1);
        drain.add("ts=2024-03-30T23:03:40 caller=grpc_logging.go:66 level=info method=/cortex.Ingester/Push duration=200ms msg=gRPC", 0);
        drain.add("ts=2024-03-30T23:03:41 caller=grpc_logging.go:66 level=info method=/cortex.Ingester/Push duration=500ms msg=gRPC", 0);
        assertThat(drain.clusters()).extracting(PatternDetector.Cluster::pattern)
                .containsExactly("<_> caller=grpc_logging.go:66 level=info method=/cortex.Ingester/Push <_> msg=gRPC");
    }

    @Test
    void linesOfDifferentLengthOrTooLittleInCommonStayApart() {
        PatternDetector drain = PatternDetector.withDefaults(1);
        drain.add("connection reset by peer", 0);
        drain.add("connection reset by peer again", 0);
        drain.add("a b c d", 0);
        drain.add("w x y z", 0);
        assertThat(drain.clusters()).extracting(PatternDetector.Cluster::pattern)
                .containsExactlyInAnyOrder("connection reset by peer", "connection reset by peer again", "a b c d", "w x y z");
    }

    @Test
    void keepsAtMostItsClusterLimitDroppingTheLeastRecentlyMatched() {
        PatternDetector drain = new PatternDetector(3, 0.4, 100, 2, 128, 1);
        drain.add("alpha one", 0);
        drain.add("beta two", 0);
        drain.add("alpha one", 0);
        drain.add("gamma three", 0);
        assertThat(drain.clusters()).extracting(PatternDetector.Cluster::pattern).containsExactly("alpha one", "gamma three");
    }

    @Test
    void aLiteralPlaceholderInALineIsNotMistakenForAVariable() {
        PatternDetector drain = PatternDetector.withDefaults(1);
        drain.add("value <_> set", 0);
        drain.add("value <_> set", 0);
        assertThat(drain.clusters()).singleElement().satisfies(c -> {
            assertThat(c.pattern()).isEqualTo("value <_> set");
            assertThat(c.total).isEqualTo(2);
        });
    }

    @Test
    void countsLinesPerBucketAndSkipsBlankLines() {
        PatternDetector drain = PatternDetector.withDefaults(3);
        drain.add("job 1 done", 0);
        drain.add("job 2 done", 2);
        drain.add("job 3 done", 2);
        assertThat(drain.add("   ", 1)).isNull();
        assertThat(drain.clusters()).singleElement().satisfies(c -> assertThat(c.counts).containsExactly(1, 0, 2));
    }
}
