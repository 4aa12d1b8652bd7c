package dev.panoptes.logs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.core.objstore.ObjectNotFoundException;
import dev.panoptes.core.objstore.ObjectStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A tenant's delete requests, kept as one JSON object in the object store
 * ({@code docs/formats/log-delete-requests.md}), rewritten whole (a put is atomic) on every
 * change before the change is visible, so a request acknowledged to a client survives a crash.
 *
 * <p>Thread-safe: changes run under the instance's monitor; readers get immutable snapshots.
 */
final class DeleteRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom IDS = new SecureRandom();

    private final ObjectStore objects;
    private final String key;
    private volatile List<DeleteRequest> requests;

    private DeleteRequests(ObjectStore objects, String key, List<DeleteRequest> requests) {
        this.objects = objects;
        this.key = key;
        this.requests = List.copyOf(requests);
    }

    static DeleteRequests load(ObjectStore objects, String key) throws IOException {
        List<DeleteRequest> requests = new ArrayList<>();
        byte[] json;
        try {
            json = objects.get(key);
        } catch (ObjectNotFoundException e) {
            return new DeleteRequests(objects, key, requests);
        }
        for (JsonNode r : JSON.readTree(json).path("requests")) {
            List<LabelMatcher> selector = new ArrayList<>();
            for (JsonNode m : r.path("selector")) {
                selector.add(LabelMatcher.of(matchType(m.path("op").asText()), m.path("name").asText(), m.path("value").asText()));
            }
            List<LineCondition> conditions = new ArrayList<>();
            for (JsonNode c : r.path("lineConditions")) {
                List<String> values = new ArrayList<>();
                c.path("values").forEach(v -> values.add(v.asText()));
                conditions.add(new LineCondition(LineCondition.Op.valueOf(c.path("op").asText()), values));
            }
            requests.add(new DeleteRequest(r.path("requestId").asText(), r.path("query").asText(), selector, conditions,
                    r.path("startNanos").asLong(), r.path("endNanos").asLong(), r.path("createdAtMillis").asLong(),
                    DeleteRequest.Status.valueOf(r.path("status").asText())));
        }
        return new DeleteRequests(objects, key, requests);
    }

    private static MatchType matchType(String op) throws IOException {
        for (MatchType t : MatchType.values()) {
            if (t.operator().equals(op)) {
                return t;
            }
        }
        throw new IOException("delete requests: unknown matcher operator '" + op + "'");
    }

    List<DeleteRequest> all() {
        return requests;
    }

    synchronized DeleteRequest add(String query, List<LabelMatcher> selector, List<LineCondition> conditions, long startNanos, long endNanos,
                                   long nowMillis) throws IOException {
        byte[] id = new byte[4];
        String requestId;
        do {
            IDS.nextBytes(id);
            requestId = HexFormat.of().formatHex(id);
        } while (find(requestId) != null);
        DeleteRequest request = new DeleteRequest(requestId, query, selector, conditions, startNanos, endNanos, nowMillis,
                DeleteRequest.Status.RECEIVED);
        List<DeleteRequest> next = new ArrayList<>(requests);
        next.add(request);
        save(next);
        return request;
    }

    private DeleteRequest find(String requestId) {
        for (DeleteRequest r : requests) {
            if (r.requestId().equals(requestId)) {
                return r;
            }
        }
        return null;
    }

    synchronized boolean cancel(String requestId) throws IOException {
        DeleteRequest found = find(requestId);
        if (found == null || found.status() == DeleteRequest.Status.PROCESSED) {
            return false;
        }
        List<DeleteRequest> next = new ArrayList<>(requests);
        next.remove(found);
        save(next);
        return true;
    }

    /** Marks the requests processed, unless cancelled meanwhile. */
    synchronized void markProcessed(List<DeleteRequest> done) throws IOException {
        List<DeleteRequest> next = new ArrayList<>(requests.size());
        for (DeleteRequest r : requests) {
            boolean isDone = false;
            for (DeleteRequest d : done) {
                isDone |= d.requestId().equals(r.requestId());
            }
            next.add(isDone ? r.processed() : r);
        }
        save(next);
    }

    /** Received requests made at or before {@code createdBy} (past their cancel period). */
    List<DeleteRequest> due(long createdByMillis) {
        List<DeleteRequest> due = new ArrayList<>();
        for (DeleteRequest r : requests) {
            if (r.status() == DeleteRequest.Status.RECEIVED && r.createdAtMillis() <= createdByMillis) {
                due.add(r);
            }
        }
        return due;
    }

    /** The lines of {@code stream} that {@code among} delete (received requests only are ever passed). */
    static DeletedLines linesOf(Labels stream, List<DeleteRequest> among) {
        List<DeletedLines.Range> ranges = null;
        for (DeleteRequest r : among) {
            if (r.status() == DeleteRequest.Status.RECEIVED && r.selects(stream)) {
                ranges = ranges != null ? ranges : new ArrayList<>();
                ranges.add(new DeletedLines.Range(r.startNanos(), r.endNanos(), LineConditions.compile(r.lineConditions())));
            }
        }
        return ranges == null ? DeletedLines.NONE : new DeletedLines(ranges);
    }

    private void save(List<DeleteRequest> next) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("requests");
        for (DeleteRequest r : next) {
            ObjectNode o = list.addObject();
            o.put("requestId", r.requestId()).put("query", r.query()).put("startNanos", r.startNanos()).put("endNanos", r.endNanos())
                    .put("createdAtMillis", r.createdAtMillis()).put("status", r.status().name());
            ArrayNode selector = o.putArray("selector");
            for (LabelMatcher m : r.selector()) {
                selector.addObject().put("name", m.name()).put("op", m.type().operator()).put("value", m.value());
            }
            ArrayNode conditions = o.putArray("lineConditions");
            for (LineCondition c : r.lineConditions()) {
                ObjectNode co = conditions.addObject().put("op", c.op().name());
                ArrayNode values = co.putArray("values");
                c.values().forEach(values::add);
            }
        }
        objects.put(key, JSON.writeValueAsBytes(root));
        requests = List.copyOf(next);
    }
}
