package dev.panoptes.wire.remotewrite;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.proto.HistogramFields;
import dev.panoptes.wire.proto.ProtoFormatException;
import dev.panoptes.wire.proto.ProtoReader;
import dev.panoptes.wire.proto.StringCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes remote write 1.0 and 2.0 request bodies (after snappy) into a {@link RemoteWriteSink}.
 * Written by hand because this is the hottest path of ingestion: fields are read in place from
 * the request bytes, label strings are interned across the request, and samples go to the sink
 * as primitives. Series are validated as Prometheus validates them: a metric name, non-empty
 * label names, valid UTF-8, names sorted and unique, and lengths within the configured limits.
 *
 * <p>Not thread-safe; one decoder per request thread, reusable.
 */
public final class RemoteWriteDecoder {

    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"};

    private final int maxLabelNameLength;
    private final int maxLabelValueLength;
    private final int maxLabelsPerSeries;
    private final StringCache cache = new StringCache(4096);
    private final Histogram histogram = new Histogram();
    private final FloatHistogram floatHistogram = new FloatHistogram();
    private String[] pairs = new String[32];

    /**
     * @param maxLabelNameLength longest label name accepted, in UTF-16 units (0: no limit)
     * @param maxLabelValueLength longest label value accepted (0: no limit)
     * @param maxLabelsPerSeries most labels a series may have, its name included (0: no limit)
     */
    public RemoteWriteDecoder(int maxLabelNameLength, int maxLabelValueLength, int maxLabelsPerSeries) {
        this.maxLabelNameLength = maxLabelNameLength;
        this.maxLabelValueLength = maxLabelValueLength;
        this.maxLabelsPerSeries = maxLabelsPerSeries;
    }

    /** Decodes a {@code prometheus.WriteRequest}. */
    public void decodeV1(byte[] buf, int offset, int length, RemoteWriteSink sink) throws RemoteWriteFormatException {
        try {
            readV1(buf, offset, length, sink);
        } catch (ProtoFormatException e) {
            throw asRemoteWrite(e);
        }
    }

    /** The reader's malformations are remote write format errors too. */
    private static RemoteWriteFormatException asRemoteWrite(ProtoFormatException e) {
        return e instanceof RemoteWriteFormatException r ? r : new RemoteWriteFormatException(e.getMessage());
    }

    private void readV1(byte[] buf, int offset, int length, RemoteWriteSink sink) throws ProtoFormatException {
        ProtoReader r = new ProtoReader(buf, offset, length);
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "timeseries");
                    int len = r.readLength();
                    int old = r.pushLimit(len);
                    timeSeriesV1(r, r.position(), len, sink);
                    r.popLimit(old);
                }
                case 3 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "metadata");
                    int old = r.pushLimit(r.readLength());
                    metadataV1(r, sink);
                    r.popLimit(old);
                }
                default -> r.skip(tag & 7);
            }
        }
    }

    private void timeSeriesV1(ProtoReader r, int start, int length, RemoteWriteSink sink) throws ProtoFormatException {
        // Labels first, wherever they are in the message: samples need their series.
        ProtoReader labelsPass = new ProtoReader(r.buffer(), start, length);
        int n = 0;
        long created = 0;
        while (labelsPass.hasMore()) {
            int tag = labelsPass.readTag();
            if (tag >>> 3 == 6 && (tag & 7) == ProtoReader.VARINT) {
                // Read with the labels so that the sink has it before the samples it applies to.
                created = labelsPass.readVarint();
            } else if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "labels");
                String[] label = readLabel(labelsPass);
                n = addPair(n, label[0], label[1]);
            } else {
                labelsPass.skip(tag & 7);
            }
        }
        Labels labels = seriesLabels(n);
        sink.series(labels);
        if (created != 0) {
            sink.createdTimestamp(created);
        }
        while (r.hasMore()) {
            int tag = r.readTag();
            if (!seriesField(r, tag, 2, 4, 3, null, sink)) {
                r.skip(tag & 7);
            }
        }
    }

    /**
     * Reads a sample, histogram or exemplar field of a series (their numbers differ between the
     * versions); false if {@code tag} is none of them.
     */
    private boolean seriesField(ProtoReader r, int tag, int samples, int histograms, int exemplars, String[] symbols,
                                RemoteWriteSink sink) throws ProtoFormatException {
        int field = tag >>> 3;
        if (field != samples && field != histograms && field != exemplars) {
            return false;
        }
        ProtoReader.expect(tag, ProtoReader.LENGTH, field == samples ? "samples" : field == histograms ? "histograms" : "exemplars");
        int old = r.pushLimit(r.readLength());
        if (field == samples) {
            sample(r, sink);
        } else if (field == histograms) {
            histogram(r, sink);
        } else {
            exemplar(r, symbols, sink);
        }
        r.popLimit(old);
        return true;
    }

    /** A remote write 1.0 {@code Label} message (the reader is at its length): {name, value}. */
    private String[] readLabel(ProtoReader r) throws ProtoFormatException {
        int old = r.pushLimit(r.readLength());
        String name = "";
        String value = "";
        while (r.hasMore()) {
            int t = r.readTag();
            if (t >>> 3 == 1 && (t & 7) == ProtoReader.LENGTH) {
                name = r.readString(cache);
            } else if (t >>> 3 == 2 && (t & 7) == ProtoReader.LENGTH) {
                value = r.readString(cache);
            } else {
                r.skip(t & 7);
            }
        }
        r.popLimit(old);
        return new String[] {name, value};
    }

    /** A {@code Sample}; field 3, its start timestamp, exists only in 2.0. */
    private void sample(ProtoReader r, RemoteWriteSink sink) throws ProtoFormatException {
        double value = 0;
        long t = 0;
        long start = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtoReader.FIXED64) {
                value = r.readDouble();
            } else if (tag >>> 3 == 2 && (tag & 7) == ProtoReader.VARINT) {
                t = r.readVarint();
            } else if (tag >>> 3 == 3 && (tag & 7) == ProtoReader.VARINT) {
                start = r.readVarint();
            } else {
                r.skip(tag & 7);
            }
        }
        sink.sample(start, t, value);
    }

    /** An exemplar; {@code symbols} null for 1.0 (labels inline), else the 2.0 symbol table. */
    private void exemplar(ProtoReader r, String[] symbols, RemoteWriteSink sink) throws ProtoFormatException {
        Labels.Builder labels = Labels.builder();
        double value = 0;
        long t = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            int field = tag >>> 3;
            if (field == 1 && symbols == null && (tag & 7) == ProtoReader.LENGTH) {
                String[] label = readLabel(r);
                labels.set(label[0], label[1]);
            } else if (field == 1 && symbols != null) {
                int[] refs = refs(r, tag);
                if (refs.length % 2 != 0) {
                    throw new RemoteWriteFormatException("exemplar labels_refs has odd length " + refs.length);
                }
                for (int i = 0; i < refs.length; i += 2) {
                    labels.set(symbol(symbols, refs[i]), symbol(symbols, refs[i + 1]));
                }
            } else if (field == 2 && (tag & 7) == ProtoReader.FIXED64) {
                value = r.readDouble();
            } else if (field == 3 && (tag & 7) == ProtoReader.VARINT) {
                t = r.readVarint();
            } else {
                r.skip(tag & 7);
            }
        }
        sink.exemplar(labels.build(), value, t);
    }

    private void histogram(ProtoReader r, RemoteWriteSink sink) throws ProtoFormatException {
        boolean isFloat = false;
        long countInt = 0;
        double countFloat = 0;
        long zeroInt = 0;
        double zeroFloat = 0;
        double sum = 0;
        int schema = 0;
        double zeroThreshold = 0;
        List<Span> negSpans = new ArrayList<>(0);
        List<Span> posSpans = new ArrayList<>(2);
        HistogramFields.LongList negDeltas = new HistogramFields.LongList();
        HistogramFields.LongList posDeltas = new HistogramFields.LongList();
        HistogramFields.DoubleList negCounts = new HistogramFields.DoubleList();
        HistogramFields.DoubleList posCounts = new HistogramFields.DoubleList();
        HistogramFields.DoubleList custom = new HistogramFields.DoubleList();
        int hint = 0;
        long t = 0;
        long start = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> countInt = r.readVarint();
                case 2 -> {
                    countFloat = r.readDouble();
                    isFloat = true;
                }
                case 3 -> sum = r.readDouble();
                case 4 -> schema = (int) r.readSignedVarint();
                case 5 -> zeroThreshold = r.readDouble();
                case 6 -> zeroInt = r.readVarint();
                case 7 -> {
                    zeroFloat = r.readDouble();
                    isFloat = true;
                }
                case 8 -> negSpans.add(HistogramFields.span(r));
                case 9 -> HistogramFields.readSint64s(r, wire, negDeltas);
                case 10 -> HistogramFields.readDoubles(r, wire, negCounts);
                case 11 -> posSpans.add(HistogramFields.span(r));
                case 12 -> HistogramFields.readSint64s(r, wire, posDeltas);
                case 13 -> HistogramFields.readDoubles(r, wire, posCounts);
                case 14 -> hint = (int) r.readVarint();
                case 15 -> t = r.readVarint();
                case 16 -> HistogramFields.readDoubles(r, wire, custom);
                case 17 -> start = r.readVarint();
                default -> r.skip(wire);
            }
        }
        isFloat |= posCounts.size() > 0 || negCounts.size() > 0;
        CounterResetHint resetHint = switch (hint) {
            case 1 -> CounterResetHint.COUNTER_RESET;
            case 2 -> CounterResetHint.NOT_COUNTER_RESET;
            case 3 -> CounterResetHint.GAUGE;
            default -> CounterResetHint.UNKNOWN;
        };
        Span[] pos = posSpans.toArray(new Span[0]);
        Span[] neg = negSpans.toArray(new Span[0]);
        HistogramFields.checkSpans(pos, isFloat ? posCounts.size() : posDeltas.size(), "positive");
        HistogramFields.checkSpans(neg, isFloat ? negCounts.size() : negDeltas.size(), "negative");
        if (isFloat) {
            floatHistogram.counterResetHint(resetHint).schema(schema).zeroThreshold(zeroThreshold).zeroCount(zeroFloat)
                    .count(countFloat).sum(sum).positiveSpans(pos).negativeSpans(neg)
                    .positiveBuckets(posCounts.toArray()).negativeBuckets(negCounts.toArray()).customValues(custom.toArray());
            sink.histogram(start, t, null, floatHistogram);
        } else {
            histogram.counterResetHint(resetHint).schema(schema).zeroThreshold(zeroThreshold).zeroCount(zeroInt)
                    .count(countInt).sum(sum).positiveSpans(pos).negativeSpans(neg)
                    .positiveBuckets(posDeltas.toArray()).negativeBuckets(negDeltas.toArray()).customValues(custom.toArray());
            sink.histogram(start, t, histogram, null);
        }
    }

    private void metadataV1(ProtoReader r, RemoteWriteSink sink) throws ProtoFormatException {
        int type = 0;
        String family = "";
        String help = "";
        String unit = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> type = (int) r.readVarint();
                case 2 -> family = r.readString(cache);
                case 4 -> help = r.readString(null);
                case 5 -> unit = r.readString(cache);
                default -> r.skip(tag & 7);
            }
        }
        sink.metadata(family, typeName(type), help, unit);
    }

    private static String typeName(int type) {
        return type >= 0 && type < TYPES.length ? TYPES[type] : "unknown";
    }

    /** Decodes an {@code io.prometheus.write.v2.Request}. */
    public void decodeV2(byte[] buf, int offset, int length, RemoteWriteSink sink) throws RemoteWriteFormatException {
        try {
            readV2(buf, offset, length, sink);
        } catch (ProtoFormatException e) {
            throw asRemoteWrite(e);
        }
    }

    private void readV2(byte[] buf, int offset, int length, RemoteWriteSink sink) throws ProtoFormatException {
        // The symbol table (field 4) may follow the series (field 5) on the wire: read it first.
        List<String> symbolList = new ArrayList<>();
        ProtoReader symbolsPass = new ProtoReader(buf, offset, length);
        while (symbolsPass.hasMore()) {
            int tag = symbolsPass.readTag();
            if (tag >>> 3 == 4) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "symbols");
                symbolList.add(symbolsPass.readString(cache));
            } else {
                symbolsPass.skip(tag & 7);
            }
        }
        String[] symbols = symbolList.toArray(new String[0]);
        if (symbols.length > 0 && !symbols[0].isEmpty()) {
            throw new RemoteWriteFormatException("the first symbol must be the empty string");
        }
        ProtoReader r = new ProtoReader(buf, offset, length);
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 5) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "timeseries");
                int len = r.readLength();
                int old = r.pushLimit(len);
                timeSeriesV2(r, r.position(), len, symbols, sink);
                r.popLimit(old);
            } else {
                r.skip(tag & 7);
            }
        }
    }

    private void timeSeriesV2(ProtoReader r, int start, int length, String[] symbols, RemoteWriteSink sink)
            throws ProtoFormatException {
        ProtoReader labelsPass = new ProtoReader(r.buffer(), start, length);
        int n = 0;
        long created = 0;
        while (labelsPass.hasMore()) {
            int tag = labelsPass.readTag();
            if (tag >>> 3 == 6 && (tag & 7) == ProtoReader.VARINT) {
                // Read with the labels so that the sink has it before the samples it applies to.
                created = labelsPass.readVarint();
            } else if (tag >>> 3 == 1) {
                int[] refs = refs(labelsPass, tag);
                if (refs.length % 2 != 0) {
                    throw new RemoteWriteFormatException("labels_refs has odd length " + refs.length);
                }
                for (int i = 0; i < refs.length; i += 2) {
                    n = addPair(n, symbol(symbols, refs[i]), symbol(symbols, refs[i + 1]));
                }
            } else {
                labelsPass.skip(tag & 7);
            }
        }
        Labels labels = seriesLabels(n);
        sink.series(labels);
        if (created != 0) {
            sink.createdTimestamp(created);
        }
        while (r.hasMore()) {
            int tag = r.readTag();
            if (seriesField(r, tag, 2, 3, 4, symbols, sink)) {
                continue;
            }
            switch (tag >>> 3) {
                case 5 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "metadata");
                    int old = r.pushLimit(r.readLength());
                    int type = 0;
                    String help = "";
                    String unit = "";
                    while (r.hasMore()) {
                        int t = r.readTag();
                        switch (t >>> 3) {
                            case 1 -> type = (int) r.readVarint();
                            case 3 -> help = symbol(symbols, (int) r.readVarint());
                            case 4 -> unit = symbol(symbols, (int) r.readVarint());
                            default -> r.skip(t & 7);
                        }
                    }
                    r.popLimit(old);
                    if (type != 0 || !help.isEmpty() || !unit.isEmpty()) {
                        sink.metadata(labels.metricName(), typeName(type), help, unit);
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
    }

    private static int[] refs(ProtoReader r, int tag) throws ProtoFormatException {
        if ((tag & 7) == ProtoReader.VARINT) {
            return new int[] {(int) r.readVarint()};
        }
        ProtoReader.expect(tag, ProtoReader.LENGTH, "labels_refs");
        int old = r.pushLimit(r.readLength());
        int[] refs = new int[8];
        int n = 0;
        while (r.hasMore()) {
            long v = r.readVarint();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new RemoteWriteFormatException("symbol reference " + v + " out of range");
            }
            if (n == refs.length) {
                refs = Arrays.copyOf(refs, n * 2);
            }
            refs[n++] = (int) v;
        }
        r.popLimit(old);
        return Arrays.copyOf(refs, n);
    }

    private static String symbol(String[] symbols, int ref) throws ProtoFormatException {
        if (ref < 0 || ref >= symbols.length) {
            throw new RemoteWriteFormatException("symbol reference " + ref + " out of range (" + symbols.length + " symbols)");
        }
        return symbols[ref];
    }

    private int addPair(int n, String name, String value) {
        if (2 * n + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * n] = name;
        pairs[2 * n + 1] = value;
        return n + 1;
    }

    /** Validates the collected pairs as a series and builds its labels. */
    private Labels seriesLabels(int n) throws ProtoFormatException {
        if (maxLabelsPerSeries > 0 && n > maxLabelsPerSeries) {
            throw new RemoteWriteFormatException("series has " + n + " labels, more than the limit of " + maxLabelsPerSeries
                    + " (" + describe(n) + ")");
        }
        boolean hasName = false;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            String name = pairs[2 * i];
            String value = pairs[2 * i + 1];
            if (name.isEmpty()) {
                throw new RemoteWriteFormatException("label with an empty name in series " + describe(n));
            }
            if (maxLabelNameLength > 0 && name.length() > maxLabelNameLength) {
                throw new RemoteWriteFormatException("label name '" + abbreviate(name) + "' is " + name.length()
                        + " characters long, more than the limit of " + maxLabelNameLength);
            }
            if (maxLabelValueLength > 0 && value.length() > maxLabelValueLength) {
                throw new RemoteWriteFormatException("value of label '" + name + "' is " + value.length()
                        + " characters long, more than the limit of " + maxLabelValueLength + " in series " + describe(n));
            }
            if (i > 0 && pairs[2 * i - 2].compareTo(name) >= 0) {
                throw new RemoteWriteFormatException("labels not sorted or duplicated ('" + pairs[2 * i - 2] + "' then '" + name
                        + "') in series " + describe(n));
            }
            if (name.equals(Labels.METRIC_NAME) && !value.isEmpty()) {
                hasName = true;
            }
            if (!value.isEmpty()) {
                kept++;
            }
        }
        if (!hasName) {
            throw new RemoteWriteFormatException("series without a metric name (__name__): " + describe(n));
        }
        String[] sorted = new String[2 * kept];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!pairs[2 * i + 1].isEmpty()) {
                sorted[k++] = pairs[2 * i];
                sorted[k++] = pairs[2 * i + 1];
            }
        }
        return Labels.ofSorted(sorted);
    }

    private String describe(int n) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < n && s.length() < 300; i++) {
            s.append(i == 0 ? "" : ", ").append(abbreviate(pairs[2 * i])).append("=\"").append(abbreviate(pairs[2 * i + 1])).append('"');
        }
        return s.append('}').toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
