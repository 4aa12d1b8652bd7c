package dev.panoptes.wire.otlp;

import com.google.protobuf.ByteString;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.loki.LokiPushSink;
import dev.panoptes.wire.loki.ServiceNames;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Translates an OTLP logs export into Loki streams and entries handed to a {@link LokiPushSink}
 * (the sink Loki push feeds), mapping the data as Loki 3 does:
 * <ul>
 *   <li>resource attributes named in {@link Options#indexLabelAttributes} become the stream's
 *       labels, under Loki's names ({@code service.name} → {@code service_name}, see
 *       {@link LokiAttributeNames}); a resource without {@code service.name} gets the first of
 *       {@link Options#discoverServiceName} found among its labels as {@code service_name}, or
 *       {@code unknown_service};</li>
 *   <li>the other resource attributes, the scope's attributes, name and version, and the
 *       record's attributes become each entry's structured metadata, with the record's
 *       {@code trace_id} and {@code span_id} (hex), {@code severity_text},
 *       {@code severity_number}, {@code flags}, {@code event_name},
 *       {@code observed_timestamp} and {@code dropped_attributes_count} (the logs
 *       ingest adds {@code detected_level}, as to every push); a key-value list attribute is
 *       flattened into one name per leaf ({@code http.request} with {@code method} → {@code http_request_method});
 *       where names repeat, scope beats resource beats record, Loki's order;</li>
 *   <li>the body becomes the line ({@link AnyValueText}); the time is the record's
 *       {@code time_unix_nano}, else its {@code observed_time_unix_nano}, else the time the
 *       request was received.</li>
 * </ul>
 * A record that cannot be mapped (an attribute key with no valid name, an id of the wrong
 * length, no stream label at all) goes to {@link LokiPushSink#rejectStream} with the reason and
 * the others go on.
 *
 * <p>Not thread-safe; one translator per thread.
 */
public final class OtlpLogsTranslator {

    static final String SERVICE_NAME_ATTRIBUTE = "service.name";

    /**
     * How attributes are mapped.
     *
     * @param indexLabelAttributes resource attributes that become stream labels (Loki's
     *     {@code default_resource_attributes_as_index_labels}); the others become structured metadata
     * @param discoverServiceName stream labels whose value becomes {@code service_name} when the
     *     resource has no {@code service.name}, first found wins (Loki's {@code discover_service_name});
     *     empty leaves such streams without {@code service_name}
     * @param severityTextAsLabel whether a record's {@code severity_text} is also a stream label
     */
    public record Options(List<String> indexLabelAttributes, List<String> discoverServiceName, boolean severityTextAsLabel) {

        /** Loki's default resource attributes as index labels. */
        public static final List<String> DEFAULT_INDEX_LABEL_ATTRIBUTES = List.of("service.name", "service.namespace",
                "service.instance.id", "deployment.environment", "deployment.environment.name", "cloud.region", "cloud.availability_zone",
                "k8s.cluster.name", "k8s.namespace.name", "k8s.pod.name", "k8s.container.name", "container.name", "k8s.replicaset.name",
                "k8s.deployment.name", "k8s.statefulset.name", "k8s.daemonset.name", "k8s.cronjob.name", "k8s.job.name");

        /** Loki's default labels to take {@code service_name} from. */
        public static final List<String> DEFAULT_DISCOVER_SERVICE_NAME = ServiceNames.DEFAULT_DISCOVERY;

        public Options {
            indexLabelAttributes = List.copyOf(indexLabelAttributes);
            discoverServiceName = List.copyOf(discoverServiceName);
        }

        public static Options defaults() {
            return new Options(DEFAULT_INDEX_LABEL_ATTRIBUTES, DEFAULT_DISCOVER_SERVICE_NAME, false);
        }
    }

    private final Options options;
    private final Set<String> indexed;
    private final Labels.Builder metadata = Labels.builder();

    public OtlpLogsTranslator(Options options) {
        this.options = options;
        this.indexed = Set.copyOf(options.indexLabelAttributes());
    }

    /**
     * Feeds every record of {@code request} to {@code sink}.
     *
     * @param receivedNanos the time the request arrived, for records that carry no time
     */
    public void translate(ExportLogsServiceRequest request, LokiPushSink sink, long receivedNanos) {
        Labels started = null;
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resourceLogs = request.getResourceLogs(r);
            String where = "resource_logs[" + r + "]";
            Pairs resourceLabels = new Pairs();
            Pairs resourceMetadata = new Pairs();
            String problem = resource(resourceLogs.getResource().getAttributesList(), resourceLabels, resourceMetadata);
            if (problem != null) {
                sink.rejectStream(where + ": " + problem, recordCount(resourceLogs), 0);
                continue;
            }
            Labels stream = streamLabels(resourceLogs.getResource().getAttributesList(), resourceLabels);
            int unlabelled = 0;
            for (int s = 0; s < resourceLogs.getScopeLogsCount(); s++) {
                ScopeLogs scopeLogs = resourceLogs.getScopeLogs(s);
                Pairs scopeMetadata = new Pairs();
                problem = scope(scopeLogs.getScope(), scopeMetadata);
                if (problem != null) {
                    sink.rejectStream(where + ".scope_logs[" + s + "]: " + problem, scopeLogs.getLogRecordsCount(), 0);
                    continue;
                }
                for (int l = 0; l < scopeLogs.getLogRecordsCount(); l++) {
                    LogRecord record = scopeLogs.getLogRecords(l);
                    Labels recordStream = stream;
                    if (options.severityTextAsLabel() && !record.getSeverityText().isEmpty()) {
                        recordStream = stream.toBuilder().set("severity_text", record.getSeverityText()).build();
                    }
                    if (recordStream.isEmpty()) {
                        unlabelled++;
                        continue;
                    }
                    problem = recordMetadata(record, recordStream, resourceMetadata, scopeMetadata);
                    if (problem != null) {
                        sink.rejectStream(where + ".scope_logs[" + s + "].log_records[" + l + "]: " + problem, 1, 0);
                        continue;
                    }
                    if (!recordStream.equals(started)) {
                        sink.stream(recordStream);
                        started = recordStream;
                    }
                    sink.entry(timestamp(record, receivedNanos), AnyValueText.of(record.getBody()), metadata.build());
                }
            }
            if (unlabelled > 0) {
                sink.rejectStream(where + ": error at least one label pair is required per stream", unlabelled, 0);
            }
        }
    }

    /** Sorts the resource's attributes into labels and metadata; the problem, or null. */
    private String resource(List<KeyValue> attributes, Pairs labels, Pairs resourceMetadata) {
        for (KeyValue kv : attributes) {
            String problem = flatten(kv.getKey(), kv.getValue(), "", indexed.contains(kv.getKey()) ? labels : resourceMetadata);
            if (problem != null) {
                return "resource attribute " + problem;
            }
        }
        return null;
    }

    private Labels streamLabels(List<KeyValue> attributes, Pairs labels) {
        Labels.Builder stream = Labels.builder();
        for (int i = 0; i < labels.size(); i++) {
            stream.set(labels.name(i), labels.value(i));
        }
        Labels built = stream.build();
        if (options.discoverServiceName().isEmpty() || hasServiceName(attributes)) {
            return built;
        }
        return built.toBuilder().set(ServiceNames.LABEL, ServiceNames.discover(built, options.discoverServiceName())).build();
    }

    private static boolean hasServiceName(List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(SERVICE_NAME_ATTRIBUTE)) {
                return !AnyValueText.of(kv.getValue()).isEmpty();
            }
        }
        return false;
    }

    private static String scope(InstrumentationScope scope, Pairs scopeMetadata) {
        for (KeyValue kv : scope.getAttributesList()) {
            String problem = flatten(kv.getKey(), kv.getValue(), "", scopeMetadata);
            if (problem != null) {
                return "scope attribute " + problem;
            }
        }
        scopeMetadata.add("scope_name", scope.getName());
        scopeMetadata.add("scope_version", scope.getVersion());
        if (scope.getDroppedAttributesCount() != 0) {
            scopeMetadata.add("scope_dropped_attributes_count", Integer.toUnsignedString(scope.getDroppedAttributesCount()));
        }
        return null;
    }

    /** Fills {@link #metadata} for one record; the problem, or null. */
    private String recordMetadata(LogRecord record, Labels stream, Pairs resourceMetadata, Pairs scopeMetadata) {
        Pairs own = new Pairs();
        boolean hasEventName = !record.getEventName().isEmpty();
        for (KeyValue kv : record.getAttributesList()) {
            // The record's own event_name field wins over an attribute of that name.
            if (hasEventName && kv.getKey().equals("event_name")) {
                continue;
            }
            String problem = flatten(kv.getKey(), kv.getValue(), "", own);
            if (problem != null) {
                return "log attribute " + problem;
            }
        }
        String traceId = id(record.getTraceId(), 16);
        String spanId = id(record.getSpanId(), 8);
        if (traceId == null) {
            return "trace_id has " + record.getTraceId().size() + " bytes, not 16";
        }
        if (spanId == null) {
            return "span_id has " + record.getSpanId().size() + " bytes, not 8";
        }
        metadata.reset(Labels.empty());
        own.setAll(metadata);
        if (record.getTimeUnixNano() != 0 && record.getObservedTimeUnixNano() != 0) {
            put("observed_timestamp", Long.toUnsignedString(record.getObservedTimeUnixNano()));
        }
        if (record.getSeverityNumberValue() != 0) {
            put("severity_number", Integer.toString(record.getSeverityNumberValue()));
        }
        put("severity_text", record.getSeverityText());
        if (record.getDroppedAttributesCount() != 0) {
            put("dropped_attributes_count", Integer.toUnsignedString(record.getDroppedAttributesCount()));
        }
        if (record.getFlags() != 0) {
            put("flags", Integer.toUnsignedString(record.getFlags()));
        }
        put("trace_id", traceId);
        put("span_id", spanId);
        put("event_name", record.getEventName());
        resourceMetadata.setAll(metadata);
        scopeMetadata.setAll(metadata);
        return null;
    }

    private void put(String name, String value) {
        if (!value.isEmpty()) {
            metadata.set(name, value);
        }
    }

    /** The id in hex, "" when absent or all zeros, null when it has the wrong length. */
    private static String id(ByteString bytes, int length) {
        if (bytes.isEmpty()) {
            return "";
        }
        if (bytes.size() != length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (bytes.byteAt(i) != 0) {
                return HexFormat.of().formatHex(bytes.toByteArray());
            }
        }
        return "";
    }

    private static long timestamp(LogRecord record, long receivedNanos) {
        if (record.getTimeUnixNano() != 0) {
            return record.getTimeUnixNano();
        }
        return record.getObservedTimeUnixNano() != 0 ? record.getObservedTimeUnixNano() : receivedNanos;
    }

    /**
     * Adds the names and values an attribute stands for to {@code out}: one for a plain value,
     * one per leaf for a key-value list, each leaf named by its path joined with underscores.
     * Returns the problem, or null.
     */
    private static String flatten(String key, AnyValue value, String prefix, Pairs out) {
        String path = prefix.isEmpty() ? key : prefix + "_" + key;
        String name = LokiAttributeNames.of(path);
        if (name == null) {
            return "'" + path + "' has no valid name (empty, or underscores only once normalised)";
        }
        if (value.getValueCase() != AnyValue.ValueCase.KVLIST_VALUE) {
            out.add(name, AnyValueText.of(value));
            return null;
        }
        for (KeyValue kv : value.getKvlistValue().getValuesList()) {
            String problem = flatten(kv.getKey(), kv.getValue(), name, out);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static int recordCount(ResourceLogs resourceLogs) {
        int count = 0;
        for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
            count += scopeLogs.getLogRecordsCount();
        }
        return count;
    }

    /** Names and values in the order they were found; repeats allowed (the later one wins when applied). */
    private static final class Pairs {
        private final List<String> items = new ArrayList<>();

        void add(String name, String value) {
            items.add(name);
            items.add(value);
        }

        int size() {
            return items.size() / 2;
        }

        String name(int i) {
            return items.get(2 * i);
        }

        String value(int i) {
            return items.get(2 * i + 1);
        }

        /** Sets every non-empty pair on {@code builder}, in order. */
        void setAll(Labels.Builder builder) {
            for (int i = 0; i < items.size(); i += 2) {
                if (!items.get(i + 1).isEmpty()) {
                    builder.set(items.get(i), items.get(i + 1));
                }
            }
        }
    }
}
