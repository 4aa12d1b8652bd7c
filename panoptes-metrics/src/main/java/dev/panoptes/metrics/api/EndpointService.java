package dev.panoptes.metrics.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.InvalidTenantException;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Armeria side of one endpoint: checks the method, reads the body and parameters, waits for
 * the tenant's query slot when the endpoint is a query, runs the endpoint on a worker thread, and
 * turns the outcome into the JSON envelope. The worker is interrupted when Armeria reports the
 * request cancelled (the client went away) or when the query's deadline passes; an interrupted
 * query answers {@code canceled}, or {@code timeout} when the deadline was the cause.
 */
final class EndpointService implements HttpService {

    private final Set<HttpMethod> methods;
    private final Endpoint endpoint;
    /** The parameter holding the PromQL expression, named in parse errors; null for none. */
    private final String queryParameter;
    /** Whether this endpoint evaluates queries and so waits for a slot and honours {@code timeout}. */
    private final boolean gated;
    private final QueryGate gate;
    private final ExecutorService workers;
    private final Duration maxTimeout;

    EndpointService(Set<HttpMethod> methods, Endpoint endpoint, String queryParameter, boolean gated, QueryGate gate,
                    ExecutorService workers, Duration maxTimeout) {
        this.methods = Set.copyOf(methods);
        this.endpoint = endpoint;
        this.queryParameter = queryParameter;
        this.gated = gated;
        this.gate = gate;
        this.workers = workers;
        this.maxTimeout = maxTimeout;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (!methods.contains(req.method())) {
            return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED, MediaType.PLAIN_TEXT_UTF_8, "Method Not Allowed\n");
        }
        long received = System.nanoTime();
        // Armeria's own timeout must not cut a query the engine would still finish in time.
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, maxTimeout.plusSeconds(30));
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        req.aggregate().whenComplete((request, failure) -> {
            if (failure != null) {
                response.complete(JsonOutput.error(ApiException.badData("cannot read the request body: " + failure.getMessage())));
                return;
            }
            try {
                start(ctx, request, received, response);
            } catch (RuntimeException e) {
                response.complete(JsonOutput.error(ErrorMapping.toApi(e, queryParameter)));
            }
        });
        return HttpResponse.of(response);
    }

    private void start(ServiceRequestContext ctx, AggregatedHttpRequest request, long received, CompletableFuture<HttpResponse> response) {
        TenantId tenant;
        try {
            tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        } catch (InvalidTenantException e) {
            throw ApiException.badData(e.getMessage());
        }
        RequestParams params = RequestParams.of(request);
        long timeoutMillis = maxTimeout.toMillis();
        if (gated && !params.get("timeout").isEmpty()) {
            timeoutMillis = Math.min(timeoutMillis, Math.max(0, ParamParser.requiredDuration(params, "timeout")));
        }
        ApiRequest apiRequest = new ApiRequest(tenant, params, ctx.pathParam("name"), received,
                received + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        Run run = new Run(apiRequest, response);
        ctx.whenRequestCancelling().thenRun(() -> run.stop(false));
        if (!gated) {
            run.begin(null);
            return;
        }
        run.timer = ctx.eventLoop().schedule(() -> run.stop(true), timeoutMillis, TimeUnit.MILLISECONDS);
        CompletableFuture<QueryGate.Permit> admission = gate.admit(tenant);
        run.admission = admission;
        admission.whenComplete((permit, refused) -> {
            if (refused instanceof CancellationException) {
                // Left the queue because the request stopped; stop() has answered.
                return;
            }
            if (refused != null) {
                run.finish(JsonOutput.error(ErrorMapping.toApi(refused, queryParameter)));
            } else {
                run.begin(permit);
            }
        });
    }

    /** One request's life on the worker: started once, stopped at most once, answered once. */
    private final class Run {
        private final ApiRequest request;
        private final CompletableFuture<HttpResponse> response;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile CompletableFuture<QueryGate.Permit> admission;
        private volatile Thread worker;
        private volatile ScheduledFuture<?> timer;
        private volatile boolean stopped;

        Run(ApiRequest request, CompletableFuture<HttpResponse> response) {
            this.request = request;
            this.response = response;
        }

        void begin(QueryGate.Permit permit) {
            if (stopped) {
                // Cancelled or timed out while queued: give the slot straight back.
                if (permit != null) {
                    permit.release();
                }
                finish(JsonOutput.error(stoppedError("query queue")));
                return;
            }
            try {
                workers.execute(() -> execute(permit));
            } catch (RuntimeException rejected) {
                if (permit != null) {
                    permit.release();
                }
                finish(JsonOutput.error(new ApiException(ApiErrorType.UNAVAILABLE, "the server is shutting down")));
            }
        }

        private void execute(QueryGate.Permit permit) {
            // Each task has a thread of its own, so interrupting it later never hits another request.
            worker = Thread.currentThread();
            if (stopped) {
                worker.interrupt();
            }
            try {
                Reply reply = evaluate();
                if (reply == null) {
                    return;
                }
                if (reply.isNoContent()) {
                    finish(HttpResponse.of(HttpStatus.NO_CONTENT));
                    return;
                }
                HttpResponseWriter writer = HttpResponse.streaming();
                if (!claim(writer)) {
                    return;
                }
                try {
                    JsonOutput.streamSuccess(writer, reply.data(), reply.warnings(), reply.infos());
                } catch (IOException | RuntimeException e) {
                    writer.abort(e);
                }
            } finally {
                // Held until the answer is written: a slot bounds the memory of a result too.
                if (permit != null) {
                    permit.release();
                }
            }
        }

        /** The endpoint's reply, or null when it failed and the error answer was sent. */
        private Reply evaluate() {
            try {
                Reply reply = endpoint.handle(request);
                if (timedOut.get()) {
                    // Storage may answer an interrupt with a short result; past the deadline none is trusted.
                    throw stoppedError("expression evaluation");
                }
                return reply;
            } catch (Throwable t) {
                ApiException error = ErrorMapping.toApi(t, queryParameter);
                if (timedOut.get() && error.type() == ApiErrorType.CANCELED) {
                    error = stoppedError("expression evaluation");
                }
                finish(JsonOutput.error(error));
                return null;
            }
        }

        void stop(boolean deadline) {
            if (response.isDone()) {
                return;
            }
            if (deadline) {
                timedOut.set(true);
            }
            stopped = true;
            CompletableFuture<QueryGate.Permit> a = admission;
            if (a != null && a.cancel(false)) {
                finish(JsonOutput.error(stoppedError("query queue")));
            }
            Thread w = worker;
            if (w != null) {
                w.interrupt();
            }
        }

        private ApiException stoppedError(String stage) {
            return timedOut.get()
                    ? new ApiException(ApiErrorType.TIMEOUT, "query timed out in " + stage)
                    : new ApiException(ApiErrorType.CANCELED, "query was canceled in " + stage);
        }

        void finish(HttpResponse answer) {
            if (!claim(answer)) {
                answer.abort();
            }
        }

        /** Makes {@code answer} the response unless one was given already; the deadline no longer applies. */
        private boolean claim(HttpResponse answer) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            return response.complete(answer);
        }
    }
}
