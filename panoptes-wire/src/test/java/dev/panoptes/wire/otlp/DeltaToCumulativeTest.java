package dev.panoptes.wire.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeltaToCumulativeTest {

    private static final AggregationTemporality DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    private static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    private final AtomicLong clock = new AtomicLong();
    private DeltaToCumulative converter = new DeltaToCumulative(new DeltaToCumulative.Options(Duration.ofMinutes(5), 100), clock::get);

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "svc")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    private static NumberDataPoint point(long start, long time, long value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time).setAsInt(value)
                .addAllAttributes(List.of(attributes)).build();
    }

    private static Metric sum(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setSum(Sum.newBuilder().setIsMonotonic(true).setAggregationTemporality(DELTA)
                .addAllDataPoints(List.of(points))).build();
    }

    private static List<Metric> metrics(DeltaToCumulative.Conversion conversion) {
        return conversion.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    }

    private static List<Long> sumValues(DeltaToCumulative.Conversion conversion) {
        return metrics(conversion).get(0).getSum().getDataPointsList().stream().map(NumberDataPoint::getAsInt).toList();
    }

    @Test
    void sumsAccumulateAcrossRequestsAndKeepTheirStreamsStart() {
        DeltaToCumulative.Conversion first = converter.convert(request(sum("jobs", point(100, 200, 3))));
        DeltaToCumulative.Conversion second = converter.convert(request(sum("jobs", point(200, 300, 4), point(300, 400, 1))));

        assertThat(sumValues(first)).containsExactly(3L);
        assertThat(sumValues(second)).containsExactly(7L, 8L);
        Metric metric = metrics(second).get(0);
        assertThat(metric.getSum().getAggregationTemporality()).isEqualTo(CUMULATIVE);
        assertThat(metric.getSum().getIsMonotonic()).isTrue();
        assertThat(metric.getSum().getDataPointsList()).extracting(NumberDataPoint::getStartTimeUnixNano).containsOnly(100L);
        assertThat(second.rejectedDataPoints()).isZero();
    }

    @Test
    void attributesSentInAnotherOrderAreTheSameStreamAndOtherAttributesAnother() {
        converter.convert(request(sum("jobs", point(0, 200, 3, attr("a", "1"), attr("b", "2")))));
        DeltaToCumulative.Conversion next = converter.convert(request(sum("jobs",
                point(0, 300, 4, attr("b", "2"), attr("a", "1")), point(0, 300, 10, attr("a", "9")))));

        assertThat(sumValues(next)).containsExactly(7L, 10L);
        assertThat(converter.trackedStreams()).isEqualTo(2);
    }

    @Test
    void outOfOrderAndDuplicatePointsAreDroppedAndReported() {
        converter.convert(request(sum("jobs", point(100, 300, 3))));
        DeltaToCumulative.Conversion late = converter.convert(request(sum("jobs", point(100, 300, 3), point(100, 250, 1), point(300, 400, 2))));

        assertThat(sumValues(late)).containsExactly(5L);
        assertThat(late.rejectedDataPoints()).isEqualTo(2);
        assertThat(late.errorMessage()).contains("jobs").contains("out of order or duplicate");
    }

    @Test
    void aPointStartingBeforeItsStreamIsDropped() {
        converter.convert(request(sum("jobs", point(100, 300, 3))));
        DeltaToCumulative.Conversion older = converter.convert(request(sum("jobs", point(50, 400, 3))));

        assertThat(metrics(older)).isEmpty();
        assertThat(older.rejectedDataPoints()).isEqualTo(1);
        assertThat(older.errorMessage()).contains("older than its stream's start");
    }

    @Test
    void integerAndFloatPointsSumAsFloatsOnceAFloatArrives() {
        converter.convert(request(sum("jobs", point(0, 100, 3))));
        DeltaToCumulative.Conversion next = converter.convert(request(sum("jobs",
                NumberDataPoint.newBuilder().setTimeUnixNano(200).setAsDouble(0.5).build())));

        assertThat(metrics(next).get(0).getSum().getDataPoints(0).getAsDouble()).isEqualTo(3.5);
    }

    @Test
    void nonMonotonicSumsAccumulateToo() {
        Metric.Builder upDown = sum("queue", point(0, 100, 5)).toBuilder();
        upDown.getSumBuilder().setIsMonotonic(false);
        converter.convert(request(upDown.build()));
        Metric.Builder down = sum("queue", point(100, 200, -2)).toBuilder();
        down.getSumBuilder().setIsMonotonic(false);

        assertThat(sumValues(converter.convert(request(down.build())))).containsExactly(3L);
    }

    private static Metric histogram(long start, long time, List<Double> bounds, long... counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time)
                .addAllExplicitBounds(bounds).setCount(total).setSum(total * 2.0).setMin(1).setMax(time);
        for (long c : counts) {
            point.addBucketCounts(c);
        }
        return Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder().setAggregationTemporality(DELTA).addDataPoints(point)).build();
    }

    @Test
    void explicitHistogramBucketsAccumulateAndANewLayoutStartsTheStreamOver() {
        converter.convert(request(histogram(100, 200, List.of(1.0, 10.0), 1, 2, 3)));
        HistogramDataPoint summed = metrics(converter.convert(request(histogram(200, 300, List.of(1.0, 10.0), 4, 0, 1))))
                .get(0).getHistogram().getDataPoints(0);
        HistogramDataPoint restarted = metrics(converter.convert(request(histogram(300, 400, List.of(5.0), 2, 2))))
                .get(0).getHistogram().getDataPoints(0);

        assertThat(summed.getBucketCountsList()).containsExactly(5L, 2L, 4L);
        assertThat(summed.getCount()).isEqualTo(11);
        assertThat(summed.getSum()).isEqualTo(22.0);
        assertThat(summed.getStartTimeUnixNano()).isEqualTo(100);
        assertThat(summed.getMax()).isEqualTo(300);
        assertThat(restarted.getBucketCountsList()).containsExactly(2L, 2L);
        assertThat(restarted.getStartTimeUnixNano()).isEqualTo(300);
    }

    private static Metric exponential(long time, int scale, int offset, long... counts) {
        ExponentialHistogramDataPoint.Buckets.Builder buckets = ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset);
        long total = 1;
        for (long c : counts) {
            buckets.addBucketCounts(c);
            total += c;
        }
        return Metric.newBuilder().setName("rpc").setExponentialHistogram(ExponentialHistogram.newBuilder().setAggregationTemporality(DELTA)
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(time).setScale(scale).setZeroCount(1)
                        .setCount(total).setSum(1).setPositive(buckets))).build();
    }

    @Test
    void exponentialHistogramsOfDifferentScalesSumAtTheLowerScale() {
        // Scale 1, indexes 2..5; then scale 0, indexes 0..1 (index i at scale 1 is i >> 1 at scale 0).
        converter.convert(request(exponential(100, 1, 2, 1, 2, 3, 4)));
        ExponentialHistogramDataPoint summed = metrics(converter.convert(request(exponential(200, 0, 0, 10, 20))))
                .get(0).getExponentialHistogram().getDataPoints(0);
        ExponentialHistogramDataPoint next = metrics(converter.convert(request(exponential(300, 1, -2, 5))))
                .get(0).getExponentialHistogram().getDataPoints(0);

        assertThat(summed.getScale()).isZero();
        assertThat(summed.getPositive().getOffset()).isZero();
        assertThat(summed.getPositive().getBucketCountsList()).containsExactly(10L, 23L, 7L);
        assertThat(summed.getZeroCount()).isEqualTo(2);
        assertThat(summed.getCount()).isEqualTo(11 + 31);
        assertThat(next.getScale()).isZero();
        assertThat(next.getPositive().getOffset()).isEqualTo(-1);
        assertThat(next.getPositive().getBucketCountsList()).containsExactly(5L, 10L, 23L, 7L);
    }

    @Test
    void streamsIdleLongerThanMaxStaleAreForgottenAndStartOver() {
        converter.convert(request(sum("jobs", point(100, 200, 3))));
        clock.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
        DeltaToCumulative.Conversion later = converter.convert(request(sum("jobs", point(900, 1000, 4))));

        assertThat(sumValues(later)).containsExactly(4L);
        assertThat(metrics(later).get(0).getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(900);
        assertThat(converter.trackedStreams()).isEqualTo(1);
    }

    @Test
    void newStreamsBeyondTheLimitAreRefusedUntilSomeGoStale() {
        converter = new DeltaToCumulative(new DeltaToCumulative.Options(Duration.ofMinutes(5), 2), clock::get);
        converter.convert(request(sum("a", point(0, 100, 1)), sum("b", point(0, 100, 1))));
        DeltaToCumulative.Conversion full = converter.convert(request(sum("c", point(0, 100, 1)), sum("a", point(100, 200, 1))));

        assertThat(metrics(full)).extracting(Metric::getName).containsExactly("a");
        assertThat(full.rejectedDataPoints()).isEqualTo(1);
        assertThat(full.errorMessage()).contains("metric c").contains("limit of 2 delta streams");

        clock.addAndGet(Duration.ofMinutes(4).toNanos());
        converter.convert(request(sum("a", point(200, 300, 1))));
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        DeltaToCumulative.Conversion room = converter.convert(request(sum("c", point(0, 100, 1))));
        assertThat(room.rejectedDataPoints()).isZero();
        assertThat(sumValues(room)).containsExactly(1L);
    }

    @Test
    void requestsWithoutDeltaPassUnchanged() {
        Metric cumulative = sum("jobs", point(0, 100, 3)).toBuilder()
                .setSum(Sum.newBuilder().setAggregationTemporality(CUMULATIVE).setIsMonotonic(true).addDataPoints(point(0, 100, 3))).build();
        ExportMetricsServiceRequest request = request(cumulative);

        assertThat(converter.convert(request).request()).isSameAs(request);
        assertThat(converter.trackedStreams()).isZero();
    }

    @Test
    void pointsWithoutARecordedValuePassThroughWithoutChangingTheTotal() {
        converter.convert(request(sum("jobs", point(0, 100, 3))));
        NumberDataPoint none = NumberDataPoint.newBuilder().setTimeUnixNano(200).setFlags(1).build();
        DeltaToCumulative.Conversion gap = converter.convert(request(sum("jobs", none)));
        DeltaToCumulative.Conversion after = converter.convert(request(sum("jobs", point(200, 300, 2))));

        assertThat(metrics(gap).get(0).getSum().getDataPoints(0).getFlags()).isEqualTo(1);
        assertThat(sumValues(after)).containsExactly(5L);
    }
}
