package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWorkloadTest {

    @TempDir
    Path dir;

    private List<String> lines(int series, int samples, SyntheticWorkload.Naming naming) throws IOException {
        Path file = dir.resolve(naming + ".om");
        SyntheticWorkload.write(file, series, samples, 1_800_000_000_500L, 60_000L, naming);
        return Files.readAllLines(file);
    }

    private static String name(String line) {
        return line.substring(0, line.indexOf('{'));
    }

    @Test
    void sharedNamingPutsEachKindUnderOneMetricName() throws IOException {
        List<String> lines = lines(2000, 1, SyntheticWorkload.Naming.SHARED);
        assertThat(lines.getLast()).isEqualTo("# EOF");
        Map<String, Long> perName = lines.subList(0, lines.size() - 1).stream()
                .collect(Collectors.groupingBy(SyntheticWorkloadTest::name, Collectors.counting()));
        assertThat(perName).containsOnly(Map.entry("node_network_receive_bytes_total", 1000L), Map.entry("node_cpu_seconds_total", 200L),
                Map.entry("node_hwmon_temp_celsius", 200L), Map.entry("node_memory_bytes", 200L),
                Map.entry("http_request_duration_seconds_bucket", 400L));
    }

    @Test
    void sharedNamingSpreadsHostsOverJobsAndGivesTheJoinOneRightHandSeriesPerHost() throws IOException {
        List<String> lines = lines(10_000, 1, SyntheticWorkload.Naming.SHARED);
        Map<String, Long> perJob = lines.stream().filter(l -> l.contains("job=\""))
                .collect(Collectors.groupingBy(l -> l.replaceAll(".*job=\"([^\"]*)\".*", "$1"), Collectors.counting()));
        assertThat(perJob).hasSize(SyntheticWorkload.JOBS).containsValues(2000L);
        List<String> right = lines.stream().filter(l -> l.startsWith("node_memory_bytes{") && l.contains("group=\"7\"") && l.contains("kind=\"k0\""))
                .toList();
        assertThat(right).hasSize(10);
        assertThat(right.stream().map(l -> l.replaceAll(".*instance=\"([^\"]*)\".*", "$1")).distinct()).hasSize(10);
    }

    @Test
    void everyHistogramHasAllItsBucketsUpToInf() throws IOException {
        Map<String, List<String>> buckets = lines(1000, 1, SyntheticWorkload.Naming.SHARED).stream()
                .filter(l -> l.startsWith("http_request_duration_seconds_bucket{"))
                .collect(Collectors.groupingBy(l -> l.replaceAll(",le=\"[^\"]*\"", "").replaceAll("} .*", ""),
                        Collectors.mapping(l -> l.replaceAll(".*le=\"([^\"]*)\".*", "$1"), Collectors.toList())));
        assertThat(buckets).hasSize(20);
        assertThat(buckets.values()).allSatisfy(les -> assertThat(les).containsExactly(SyntheticWorkload.LE));
    }

    @Test
    void samplesAreOneIntervalApartWithAFewMillisecondsOfJitterAndCountersNeverFall() throws IOException {
        List<String> lines = lines(1, 50, SyntheticWorkload.Naming.SHARED);
        double previous = -1;
        for (int i = 0; i < 50; i++) {
            String[] parts = lines.get(i).split(" ");
            long t = Math.round(Double.parseDouble(parts[2]) * 1000);
            assertThat(t - (1_800_000_000_500L + i * 60_000L)).isBetween(0L, 3L);
            double value = Double.parseDouble(parts[1]);
            assertThat(value).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
    }

    @Test
    void slicesByTimeAddUpToTheWhole() throws IOException {
        long start = 1_800_000_000_500L;
        Path whole = dir.resolve("whole.om");
        SyntheticWorkload.write(whole, 30, 200, start, 60_000L, SyntheticWorkload.Naming.SHARED);
        List<String> expected = Files.readAllLines(whole);
        List<String> sliced = new java.util.ArrayList<>();
        long slice = 2 * 3_600_000L;
        for (long from = start / slice * slice; from < start + 200 * 60_000L; from += slice) {
            Path part = dir.resolve("part.om");
            SyntheticWorkload.write(part, 30, 200, start, 60_000L, SyntheticWorkload.Naming.SHARED, from, from + slice);
            List<String> lines = Files.readAllLines(part);
            assertThat(lines.getLast()).isEqualTo("# EOF");
            sliced.addAll(lines.subList(0, lines.size() - 1));
        }
        assertThat(sliced).hasSize(expected.size() - 1).containsExactlyInAnyOrderElementsOf(expected.subList(0, expected.size() - 1));
    }

    @Test
    void perFamilyNamingKeepsAMetricNamePerTenSeries() throws IOException {
        List<String> lines = lines(1000, 1, SyntheticWorkload.Naming.PER_FAMILY);
        assertThat(lines.getFirst()).startsWith("node_network_receive_bytes_total_0{device=\"eth0\",instance=\"host-000000:9100\",job=\"node\"} ");
        Map<String, Long> perName = lines.subList(0, lines.size() - 1).stream()
                .collect(Collectors.groupingBy(SyntheticWorkloadTest::name, Collectors.counting()));
        assertThat(perName).hasSize(100).allSatisfy((name, count) -> assertThat(count).isEqualTo(10L));
        assertThat(perName.keySet().stream().map(Function.identity())).contains("http_request_duration_seconds_bucket_99");
    }
}
