package dev.panoptes.wire.exposition;

import dev.panoptes.core.histogram.Span;
import dev.panoptes.wire.proto.HistogramFields;
import dev.panoptes.wire.proto.ProtoFormatException;
import dev.panoptes.wire.proto.ProtoReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one {@code io.prometheus.client.Histogram} message as read: the classic buckets
 * (bounds, cumulative counts, one exemplar each) and the native ones (schema, zero bucket, spans,
 * deltas or float counts), so that the parser can give either or both.
 */
final class ProtoHistogram {
    long count;
    double countFloat;
    double sum;
    long created = ExpositionSink.NO_TIMESTAMP;
    int schema;
    double zeroThreshold;
    long zeroCount;
    double zeroCountFloat;
    Span[] positiveSpans;
    Span[] negativeSpans;
    final HistogramFields.LongList positiveDeltas = new HistogramFields.LongList();
    final HistogramFields.LongList negativeDeltas = new HistogramFields.LongList();
    final HistogramFields.DoubleList positiveCounts = new HistogramFields.DoubleList();
    final HistogramFields.DoubleList negativeCounts = new HistogramFields.DoubleList();
    final HistogramFields.DoubleList bounds = new HistogramFields.DoubleList();
    final HistogramFields.LongList cumulativeCounts = new HistogramFields.LongList();
    final HistogramFields.DoubleList cumulativeFloats = new HistogramFields.DoubleList();
    /** The exemplar of each classic bucket, null where it has none. */
    final List<ExpositionSink.ParsedExemplar> bucketExemplars = new ArrayList<>();
    final List<ExpositionSink.ParsedExemplar> exemplars = new ArrayList<>();

    static ProtoHistogram read(ProtoReader r, ProtobufExpositionParser parser) throws ProtoFormatException {
        ProtoHistogram h = new ProtoHistogram();
        List<Span> positive = new ArrayList<>(2);
        List<Span> negative = new ArrayList<>(0);
        while (r.hasMore()) {
            int tag = r.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> h.count = r.readVarint();
                case 2 -> h.sum = r.readDouble();
                case 3 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "bucket");
                    int old = r.pushLimit(r.readLength());
                    h.bucket(r, parser);
                    r.popLimit(old);
                }
                case 4 -> h.countFloat = r.readDouble();
                case 5 -> h.schema = (int) r.readSignedVarint();
                case 6 -> h.zeroThreshold = r.readDouble();
                case 7 -> h.zeroCount = r.readVarint();
                case 8 -> h.zeroCountFloat = r.readDouble();
                case 9 -> negative.add(HistogramFields.span(r));
                case 10 -> HistogramFields.readSint64s(r, wire, h.negativeDeltas);
                case 11 -> HistogramFields.readDoubles(r, wire, h.negativeCounts);
                case 12 -> positive.add(HistogramFields.span(r));
                case 13 -> HistogramFields.readSint64s(r, wire, h.positiveDeltas);
                case 14 -> HistogramFields.readDoubles(r, wire, h.positiveCounts);
                case 15 -> h.created = ProtobufExpositionParser.timestamp(r);
                case 16 -> h.exemplars.add(parser.exemplar(r));
                default -> r.skip(wire);
            }
        }
        h.positiveSpans = positive.toArray(new Span[0]);
        h.negativeSpans = negative.toArray(new Span[0]);
        return h;
    }

    private void bucket(ProtoReader r, ProtobufExpositionParser parser) throws ProtoFormatException {
        long cumulative = 0;
        double cumulativeFloat = 0;
        double upper = 0;
        ExpositionSink.ParsedExemplar exemplar = null;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> cumulative = r.readVarint();
                case 2 -> upper = r.readDouble();
                case 3 -> exemplar = parser.exemplar(r);
                case 4 -> cumulativeFloat = r.readDouble();
                default -> r.skip(tag & 7);
            }
        }
        bounds.add(upper);
        cumulativeCounts.add(cumulative);
        cumulativeFloats.add(cumulativeFloat);
        bucketExemplars.add(exemplar);
    }

    ExpositionSink.ParsedExemplar bucketExemplar(int i) {
        return bucketExemplars.get(i);
    }

    /** The classic buckets' exemplars, for a native histogram that carries none of its own. */
    List<ExpositionSink.ParsedExemplar> bucketExemplars() {
        List<ExpositionSink.ParsedExemplar> present = new ArrayList<>();
        for (ExpositionSink.ParsedExemplar e : bucketExemplars) {
            if (e != null) {
                present.add(e);
            }
        }
        return present;
    }
}
