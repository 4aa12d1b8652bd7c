package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketService;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.InvalidTenantException;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.logs.logql.Direction;
import dev.panoptes.logs.logql.LogPipeline;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.LogQueryEngine;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.StreamsResult;
import dev.panoptes.logs.store.EntryBuffer;
import dev.panoptes.logs.store.EntryListener;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.TenantLogReaders;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /loki/api/v1/tail}: a WebSocket that streams a log query's entries as they are
 * pushed, in Loki's frames {@code {"streams":[{"stream":{...},"values":[["<ns>","line"]]}],
 * "dropped_entries":[{"timestamp":"<ns>","labels":{...}}]}} (the second key only when entries
 * were dropped). Parameters as Loki's: {@code query} (a selector and line filters),
 * {@code limit} (default 100; how many stored entries from {@code start} to send first),
 * {@code start} (default an hour ago) and {@code delay_for} (0 to 5 seconds an entry is held
 * after its timestamp, so that late senders catch up).
 *
 * <p>A bad parameter is answered with 400 before the upgrade, as are tails past the tenant's
 * {@code max_concurrent_tail_requests}. Once upgraded, the store tells the tail of new entries
 * ({@link LogReader#subscribe}); they wait in a bounded {@link TailBuffer} and go out at most
 * {@value #MAX_ENTRIES_PER_FRAME} a frame, one frame at a time: a client that does not read
 * keeps at most {@value #BUFFERED_ENTRIES} entries waiting, the rest dropped and reported. A
 * tail closes with 1011 and the reason when its look back fails or after
 * {@code tail_max_duration} (one hour, Loki's default).
 *
 * <p>Thread-safe.
 */
final class LokiTailService {

    private static final Logger LOG = LoggerFactory.getLogger(LokiTailService.class);
    private static final AttributeKey<TailRequest> REQUEST = AttributeKey.valueOf(LokiTailService.class, "request");
    private static final JsonFactory JSON = new JsonFactory();
    static final int MAX_ENTRIES_PER_FRAME = 100;
    static final int BUFFERED_ENTRIES = 1000;
    private static final int MAX_DROPPED_PER_FRAME = 1000;
    private static final int MAX_DELAY_SECONDS = 5;
    private static final Duration LOOKBACK = Duration.ofHours(1);
    private static final Duration MAX_DURATION = Duration.ofHours(1);
    private static final long TICK_MILLIS = 100;
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TenantLogReaders readers;
    private final Function<TenantId, LokiQueryLimits> limits;
    private final Clock clock;
    private final LogQueryEngine engine = new LogQueryEngine();
    private final ConcurrentHashMap<TenantId, AtomicInteger> openByTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Set<TailSession> sessions = ConcurrentHashMap.newKeySet();

    LokiTailService(TenantLogReaders readers, Function<TenantId, LokiQueryLimits> limits, Clock clock) {
        this.readers = readers;
        this.limits = limits;
        this.clock = clock;
    }

    int openTails() {
        return open.get();
    }

    /** Closes every open tail with 1001 (going away), so that a stopping server need not wait for them. */
    void closeAll() {
        for (TailSession session : sessions) {
            session.finish(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "the server is shutting down");
        }
    }

    /** A validated tail request: what the upgrade handler hands to the socket. */
    private record TailRequest(TenantId tenant, LogSelectorExpr query, int limit, long start, long delayNanos) {
    }

    /** The WebSocket service behind a check of the parameters that answers 400 before any upgrade. */
    HttpService service() {
        WebSocketService sockets = WebSocketService.builder((ctx, in) -> serve(ctx, in))
                // Loki accepts a tail from any origin; tenants and authentication guard the data.
                .allowedOrigins("*")
                .build();
        return sockets.decorate((delegate, ctx, req) -> {
            TailRequest request;
            try {
                request = parse(ctx, req.headers().get(TenantResolver.HEADER));
            } catch (LokiApiException e) {
                return HttpResponse.of(e.status, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
            }
            AtomicInteger count = openByTenant.computeIfAbsent(request.tenant(), t -> new AtomicInteger());
            int now = count.incrementAndGet();
            int max = limits.apply(request.tenant()).maxConcurrentTailRequests();
            if (now > max) {
                count.decrementAndGet();
                return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8, "max concurrent tail requests limit exceeded, count > limit ("
                        + now + " > " + max + ")\n");
            }
            open.incrementAndGet();
            AtomicBoolean released = new AtomicBoolean();
            // The request log completes when the socket closes, or when the upgrade never happens.
            ctx.log().whenComplete().thenRun(() -> {
                if (released.compareAndSet(false, true)) {
                    count.decrementAndGet();
                    open.decrementAndGet();
                }
            });
            ctx.setAttr(REQUEST, request);
            return delegate.serve(ctx, req);
        });
    }

    private TailRequest parse(ServiceRequestContext ctx, String tenantHeader) throws LokiApiException {
        TenantId tenant;
        try {
            tenant = TenantId.of(tenantHeader);
        } catch (InvalidTenantException e) {
            throw LokiApiException.badRequest(e.getMessage());
        }
        LokiQueryLimits limits = this.limits.apply(tenant);
        LokiParams params = new LokiParams(ctx.query() == null ? QueryParams.of() : QueryParams.fromQueryString(ctx.query()));
        LogSelectorExpr query = switch (LokiHttpApi.parse(params.get("query"))) {
            case LogSelectorExpr selector -> selector;
            case MetricExpr metric -> throw LokiApiException.badRequest("only log queries can be tailed, not metric queries");
        };
        int limit = params.integer("limit", 100);
        if (limit <= 0) {
            throw LokiApiException.badRequest("limit must be a positive value");
        }
        limits.checkEntriesLimit(limit);
        long now = LokiParams.now(clock);
        long start = params.time("start", now - LOOKBACK.toNanos());
        limits.checkLength(start, now);
        int delay = params.integer("delay_for", 0);
        if (delay < 0) {
            throw LokiApiException.badRequest("delay_for value " + delay + " is out of range [0, 4294967295]");
        }
        if (delay > MAX_DELAY_SECONDS) {
            throw LokiApiException.badRequest("delay_for can't be greater than " + MAX_DELAY_SECONDS);
        }
        return new TailRequest(tenant, query, limit, start, TimeUnit.SECONDS.toNanos(delay));
    }

    private WebSocket serve(ServiceRequestContext ctx, WebSocket in) {
        WebSocketWriter out = WebSocket.streaming();
        TailSession session = new TailSession(ctx, ctx.attr(REQUEST), out);
        in.subscribe(session.inbound());
        out.whenComplete().handle((ignored, failure) -> {
            session.finish(null, null);
            return null;
        });
        sessions.add(session);
        session.start();
        return out;
    }

    /** One open tail: its subscription, its buffer, its timers and its socket. */
    private final class TailSession implements EntryListener {
        private final ServiceRequestContext ctx;
        private final TailRequest request;
        private final WebSocketWriter out;
        private final TailBuffer buffer = new TailBuffer(BUFFERED_ENTRIES, MAX_DROPPED_PER_FRAME);
        private final ArrayDeque<TailBuffer.Entry> lookback = new ArrayDeque<>();
        private final AtomicBoolean finished = new AtomicBoolean();
        private final QueryRun run = new QueryRun(Long.MAX_VALUE);
        /** Shared by the pushing threads that deliver entries, hence used under its own lock. */
        private LogPipeline pipeline;
        private volatile LogReader.Subscription subscription;
        private volatile boolean lookbackDone;
        private volatile ScheduledFuture<?> ticker;
        private volatile ScheduledFuture<?> expiry;
        private java.util.concurrent.CompletableFuture<Void> sending = java.util.concurrent.CompletableFuture.completedFuture(null);
        private long lastWrite = System.nanoTime();

        TailSession(ServiceRequestContext ctx, TailRequest request, WebSocketWriter out) {
            this.ctx = ctx;
            this.request = request;
            this.out = out;
        }

        void start() {
            try {
                pipeline = LogPipeline.compile(request.query().pipeline());
            } catch (RuntimeException e) {
                finish(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
                return;
            }
            LogReader reader = readers.forTenant(request.tenant());
            // Subscribe before looking back, so that nothing pushed in between is missed.
            subscription = reader.subscribe(request.query().selector().matchers(), this);
            long lookbackEnd = LokiParams.now(clock);
            ctx.blockingTaskExecutor().execute(() -> lookBack(reader, lookbackEnd));
            ticker = ctx.eventLoop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            expiry = ctx.eventLoop().schedule(() -> finish(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "reached tail max duration limit"),
                    MAX_DURATION.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The newest {@code limit} stored entries since {@code start}, sent first, oldest first. */
        private void lookBack(LogReader reader, long end) {
            try {
                StreamsResult result = engine.select(request.query(), request.start(), end, Direction.BACKWARD, request.limit(), reader, run);
                List<TailBuffer.Entry> entries = new ArrayList<>();
                Set<TailBuffer.Seen> sent = new HashSet<>();
                for (StreamsResult.Stream s : result.streams()) {
                    for (int i = 0; i < s.timestamps().length; i++) {
                        entries.add(new TailBuffer.Entry(s.labels(), s.timestamps()[i], s.lines()[i], 0));
                        sent.add(new TailBuffer.Seen(s.labels(), s.timestamps()[i], s.lines()[i]));
                    }
                }
                entries.sort((a, b) -> Long.compare(a.time(), b.time()));
                buffer.exclude(sent);
                synchronized (lookback) {
                    lookback.addAll(entries);
                }
                lookbackDone = true;
            } catch (QueryRun.QueryStoppedException e) {
                // The tail closed while looking back.
            } catch (RuntimeException e) {
                LOG.warn("Looking back for a live tail failed", e);
                finish(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        @Override
        public void stored(Labels stream, EntryBuffer entries, int from, int to) {
            synchronized (pipeline) {
                for (int i = from; i < to; i++) {
                    if (pipeline.process(entries.time(i), entries.line(i), stream, entries.metadata(i))) {
                        buffer.offer(pipeline.labels(), entries.time(i), pipeline.line());
                    }
                }
            }
        }

        /** On the event loop: sends the next frame once the client has taken the previous one. */
        private void tick() {
            if (finished.get() || !sending.isDone()) {
                return;
            }
            List<TailBuffer.Entry> entries;
            List<TailBuffer.Dropped> dropped = List.of();
            if (!lookbackDone) {
                return;
            }
            synchronized (lookback) {
                entries = new ArrayList<>();
                while (entries.size() < MAX_ENTRIES_PER_FRAME && !lookback.isEmpty()) {
                    entries.add(lookback.poll());
                }
            }
            if (entries.isEmpty()) {
                TailBuffer.Frame frame = buffer.take(LokiParams.now(clock), request.delayNanos(), MAX_ENTRIES_PER_FRAME);
                if (frame != null) {
                    entries = frame.entries();
                    dropped = frame.dropped();
                }
            }
            long now = System.nanoTime();
            if (entries.isEmpty()) {
                if (now - lastWrite >= PING_NANOS && out.tryWrite(WebSocketFrame.ofPing())) {
                    lastWrite = now;
                }
                return;
            }
            if (out.tryWrite(frameJson(entries, dropped))) {
                sending = out.whenConsumed();
                lastWrite = now;
            }
        }

        /** Ends the tail once: a normal close when {@code status} is null, else that status and reason. */
        void finish(WebSocketCloseStatus status, String reason) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            sessions.remove(this);
            run.cancel();
            LogReader.Subscription s = subscription;
            if (s != null) {
                s.close();
            }
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (expiry != null) {
                expiry.cancel(false);
            }
            if (status == null) {
                out.close();
            } else {
                out.close(status, reason);
            }
        }

        Subscriber<WebSocketFrame> inbound() {
            return new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(WebSocketFrame frame) {
                    try {
                        if (frame.type() == WebSocketFrameType.CLOSE) {
                            finish(null, null);
                        }
                    } finally {
                        frame.close();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    finish(null, null);
                }

                @Override
                public void onComplete() {
                    finish(null, null);
                }
            };
        }
    }

    /** One frame in Loki's tail shape; entries of one label set share a stream, in time order. */
    static String frameJson(List<TailBuffer.Entry> entries, List<TailBuffer.Dropped> dropped) {
        Map<Labels, List<TailBuffer.Entry>> byLabels = new LinkedHashMap<>();
        for (TailBuffer.Entry e : entries) {
            byLabels.computeIfAbsent(e.labels(), l -> new ArrayList<>()).add(e);
        }
        StringWriter text = new StringWriter(256 + 128 * entries.size());
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeArrayFieldStart("streams");
            for (Map.Entry<Labels, List<TailBuffer.Entry>> stream : byLabels.entrySet()) {
                json.writeStartObject();
                json.writeFieldName("stream");
                LokiJson.labels(json, stream.getKey());
                json.writeArrayFieldStart("values");
                for (TailBuffer.Entry e : stream.getValue()) {
                    json.writeStartArray();
                    json.writeString(Long.toString(e.time()));
                    json.writeString(e.line());
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (!dropped.isEmpty()) {
                json.writeArrayFieldStart("dropped_entries");
                for (TailBuffer.Dropped d : dropped) {
                    json.writeStartObject();
                    json.writeStringField("timestamp", Long.toString(d.time()));
                    json.writeFieldName("labels");
                    LokiJson.labels(json, d.labels());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
