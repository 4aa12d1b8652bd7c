package dev.panoptes.bench;

import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.metrics.promql.histogram.NativeHistogramFunctions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Native histogram arithmetic and functions on a typical latency histogram (schema 3, 40
 * populated buckets in two spans): {@code sum()} of same-layout samples (in place), of samples
 * at another schema (reduction and merge), counter-reset detection and {@code histogram_quantile}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HistogramBenchmark {

    private FloatHistogram sample;
    private FloatHistogram later;
    private FloatHistogram coarser;
    private final FloatHistogram accumulator = new FloatHistogram();
    private final BucketCursor cursor = new BucketCursor();

    @Setup
    public void setup() {
        double[] counts = new double[40];
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + (i * 7919) % 50;
            total += counts[i];
        }
        sample = new FloatHistogram().schema(3).zeroThreshold(1e-128).count(total).sum(total * 0.2)
                .positiveSpans(new Span(-20, 25), new Span(3, 15)).positiveBuckets(counts);
        later = sample.copy().mul(1.5);
        coarser = sample.copy().reduceResolution(1);
    }

    @Benchmark
    public FloatHistogram addSameLayout() {
        sample.copyTo(accumulator);
        accumulator.add(later);
        return accumulator;
    }

    @Benchmark
    public FloatHistogram addOtherSchema() {
        sample.copyTo(accumulator);
        accumulator.add(coarser);
        return accumulator;
    }

    @Benchmark
    public boolean detectReset() {
        return later.detectReset(sample);
    }

    @Benchmark
    public double quantile() {
        return NativeHistogramFunctions.quantile(0.9, sample, cursor).value();
    }
}
