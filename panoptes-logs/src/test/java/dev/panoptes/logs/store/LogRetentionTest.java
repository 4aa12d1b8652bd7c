package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {

    static final long MINUTE = 60_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void streamRulesChooseByPriorityThenShortestPeriod() {
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), List.of(
                new RetentionPolicy.StreamRule(List.of(LabelMatcher.equal("env", "dev")), Duration.ofDays(7), 1),
                new RetentionPolicy.StreamRule(List.of(LabelMatcher.equal("env", "dev"), LabelMatcher.equal("app", "audit")), Duration.ofDays(90), 5),
                new RetentionPolicy.StreamRule(List.of(LabelMatcher.regex("env", "de.*")), Duration.ofDays(3), 1)));
        assertThat(policy.periodFor(Labels.of("env", "prod"))).isEqualTo(Duration.ofDays(30));
        assertThat(policy.periodFor(Labels.of("env", "dev"))).isEqualTo(Duration.ofDays(3));
        assertThat(policy.periodFor(Labels.of("app", "audit", "env", "dev"))).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void deletesWholeChunksAndBlocksPastRetentionPerStream() throws Exception {
        long now = System.currentTimeMillis();
        long nowNanos = now * 1_000_000L;
        RetentionPolicy policy = new RetentionPolicy(Duration.ofHours(24),
                List.of(new RetentionPolicy.StreamRule(List.of(LabelMatcher.equal("app", "debug")), Duration.ofHours(1), 1)));
        ObjectStore objects = TestObjects.in(dir);
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(1 << 20, 0), objects, "logs/t/blocks/", policy)) {
            // Three flushes: two days old, two hours old, ten minutes old; each in both streams.
            for (long age : new long[] {48 * 60, 120, 10}) {
                LogBatch batch = new LogBatch();
                for (String app : List.of("api", "debug")) {
                    batch.stream(Labels.of("app", app));
                    batch.entry(nowNanos - age * MINUTE, app + " line " + age, Labels.empty());
                    batch.entry(nowNanos - age * MINUTE + MINUTE / 2, app + " second line " + age, Labels.empty());
                }
                store.append(batch);
                store.flush();
            }
            String oldest = store.blockIds().get(0);
            assertThat(store.enforceRetention(now)).isEqualTo(2);
            assertThat(store.blockIds()).doesNotContain(oldest).hasSize(2);
            assertThat(TenantLogStoreTest.lines(store, List.of())).extracting(s -> s.substring(s.indexOf(' ') + 1))
                    .containsExactlyInAnyOrder("api line 120", "api second line 120", "api line 10", "api second line 10", "debug line 10",
                            "debug second line 10");
            assertThat(store.enforceRetention(now)).as("nothing more to do").isZero();
        }
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(1 << 20, 0), objects, "logs/t/blocks/", policy)) {
            assertThat(TenantLogStoreTest.lines(store, List.of(LabelMatcher.equal("app", "debug")))).hasSize(2);
        }
    }
}
