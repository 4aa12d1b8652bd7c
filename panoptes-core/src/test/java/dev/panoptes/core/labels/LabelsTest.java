package dev.panoptes.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels labels = Labels.of("job", "node", "__name__", "up", "instance", "", "a", "1");

        assertThat(labels.size()).isEqualTo(3);
        assertThat(labels.asList()).extracting(Label::name).containsExactly("__name__", "a", "job");
        assertThat(labels.metricName()).isEqualTo("up");
        assertThat(labels.get("instance")).isEmpty();
        assertThat(labels.has("instance")).isFalse();
    }

    @Test
    void rejectsDuplicateNamesAndOddCounts() {
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate label name: a");
        assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> Labels.ofSorted(new String[] {"b", "1", "a", "2"})).hasMessageContaining("not sorted");
    }

    @Test
    void equalSetsAreEqualWhateverTheInputOrder() {
        Labels a = Labels.of("x", "1", "y", "2");
        Labels b = Labels.of(Map.of("y", "2", "x", "1"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.hash64()).isEqualTo(b.hash64());
        assertThat(a).isNotEqualTo(Labels.of("x", "1", "y", "3"));
    }

    @Test
    void builderSetsReplacesAndRemoves() {
        Labels base = Labels.of("__name__", "up", "job", "a");

        Labels changed = base.toBuilder().set("job", "b").set("env", "prod").remove("__name__").set("gone", "").build();

        assertThat(changed).isEqualTo(Labels.of("job", "b", "env", "prod"));
        assertThat(base).isEqualTo(Labels.of("__name__", "up", "job", "a"));
    }

    @Test
    void withoutAndKeepOnly() {
        Labels labels = Labels.of("__name__", "m", "a", "1", "b", "2");

        assertThat(labels.without("a")).isEqualTo(Labels.of("__name__", "m", "b", "2"));
        assertThat(labels.withoutMetricName()).isEqualTo(Labels.of("a", "1", "b", "2"));
        assertThat(labels.keepOnly(List.of("b", "zzz"))).isEqualTo(Labels.of("b", "2"));
        assertThat(labels.keepOnly(List.of())).isSameAs(Labels.empty());
    }

    @Test
    void ordersAsPrometheusDoes() {
        List<Labels> sorted = List.of(
                Labels.empty(),
                Labels.of("a", "1"),
                Labels.of("a", "1", "b", "1"),
                Labels.of("a", "2"),
                Labels.of("b", "0"));
        List<Labels> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(1));
        Collections.sort(shuffled);

        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }

    @Test
    void rendersInPrometheusFormat() {
        assertThat(Labels.of("__name__", "up", "path", "a\"b\\c\nd").toString())
                .isEqualTo("{__name__=\"up\", path=\"a\\\"b\\\\c\\nd\"}");
        assertThat(Labels.empty().toString()).isEqualTo("{}");
    }

    @Test
    void indexOfFindsByBinarySearch() {
        Labels labels = Labels.of("a", "1", "c", "3", "e", "5");

        assertThat(labels.indexOf("c")).isEqualTo(1);
        assertThat(labels.indexOf("b")).isNegative();
        assertThat(labels.name(2)).isEqualTo("e");
        assertThat(labels.value(2)).isEqualTo("5");
    }
}
