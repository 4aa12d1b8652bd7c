package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.scrape.RelabelConfig.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelabelerTest {

    private static final Labels TARGET = Labels.of("__address__", "10.0.0.1:9100", "__meta_env", "Prod", "job", "node", "team", "infra");

    private static Labels apply(RelabelConfig... configs) {
        return new Relabeler(List.of(configs)).apply(TARGET);
    }

    private static RelabelConfig rc(List<String> sources, String regex, String target, String replacement, Action action) {
        return new RelabelConfig(sources, null, regex, null, target, replacement, action);
    }

    @Test
    void replaceWithGroupsAndDefaults() {
        assertThat(apply(rc(List.of("__address__"), "(.*):\\d+", "host", "$1", null)).get("host")).isEqualTo("10.0.0.1");
        assertThat(apply(rc(List.of("job", "team"), "(.*);(.*)", "combined", "${2}-$1", Action.REPLACE)).get("combined")).isEqualTo("infra-node");
        // No match: unchanged.
        assertThat(apply(rc(List.of("job"), "db", "x", "y", Action.REPLACE))).isEqualTo(TARGET);
        // An empty replacement removes the label.
        assertThat(apply(rc(List.of(), "(.*)", "team", "", Action.REPLACE)).has("team")).isFalse();
    }

    @Test
    void keepDropAndTheirEqualForms() {
        assertThat(apply(rc(List.of("job"), "node|db", null, null, Action.KEEP))).isEqualTo(TARGET);
        assertThat(apply(rc(List.of("job"), "db", null, null, Action.KEEP))).isNull();
        assertThat(apply(rc(List.of("team"), "inf.*", null, null, Action.DROP))).isNull();
        assertThat(apply(rc(List.of("job"), null, "job", null, Action.KEEPEQUAL))).isEqualTo(TARGET);
        assertThat(apply(rc(List.of("job"), null, "team", null, Action.KEEPEQUAL))).isNull();
        assertThat(apply(rc(List.of("job"), null, "job", null, Action.DROPEQUAL))).isNull();
    }

    @Test
    void labelmapLabeldropLabelkeepCaseAndHashmod() {
        Labels mapped = apply(rc(List.of(), "__meta_(.+)", null, "$1", Action.LABELMAP));
        assertThat(mapped.get("env")).isEqualTo("Prod");
        assertThat(apply(rc(List.of(), "__meta_.*", null, null, Action.LABELDROP)).has("__meta_env")).isFalse();
        assertThat(apply(rc(List.of(), "job|team", null, null, Action.LABELKEEP))).isEqualTo(Labels.of("job", "node", "team", "infra"));
        assertThat(apply(rc(List.of("__meta_env"), null, "env", null, Action.LOWERCASE)).get("env")).isEqualTo("prod");
        assertThat(apply(rc(List.of("__meta_env"), null, "env", null, Action.UPPERCASE)).get("env")).isEqualTo("PROD");
        Labels hashed = apply(new RelabelConfig(List.of("__address__"), null, null, 8L, "shard", null, Action.HASHMOD));
        int shard = Integer.parseInt(hashed.get("shard"));
        assertThat(shard).isBetween(0, 7);
        assertThat(apply(new RelabelConfig(List.of("__address__"), null, null, 8L, "shard", null, Action.HASHMOD)).get("shard"))
                .isEqualTo(hashed.get("shard"));
    }

    @Test
    void invalidConfigsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> rc(List.of(), "(unclosed", "x", "y", Action.REPLACE)).hasMessageContaining("invalid");
        assertThatThrownBy(() -> rc(List.of(), null, null, null, Action.REPLACE)).hasMessageContaining("target_label");
        assertThatThrownBy(() -> Action.parse("explode")).hasMessageContaining("unknown relabel action");
    }
}
