package dev.panoptes.metrics.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one API request: those of the URL and, for a form-encoded POST or PUT body,
 * those of the body, as Go's {@code Request.Form} merges them (body values first). Immutable.
 */
final class RequestParams {

    private final QueryParams body;
    private final QueryParams url;

    private RequestParams(QueryParams body, QueryParams url) {
        this.body = body;
        this.url = url;
    }

    static RequestParams of(AggregatedHttpRequest request) {
        String path = request.path();
        int q = path.indexOf('?');
        QueryParams url = q < 0 ? QueryParams.of() : decode(path.substring(q + 1));
        MediaType type = request.contentType();
        QueryParams body = QueryParams.of();
        if (type != null && type.is(MediaType.FORM_DATA)) {
            body = decode(request.contentUtf8());
        }
        return new RequestParams(body, url);
    }

    private static QueryParams decode(String encoded) {
        try {
            return QueryParams.fromQueryString(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData("error parsing form values: " + e.getMessage());
        }
    }

    /** The first value of {@code name}, or the empty string when absent (Go's {@code FormValue}). */
    String get(String name) {
        String value = body.get(name);
        if (value == null) {
            value = url.get(name);
        }
        return value == null ? "" : value;
    }

    /** Every value of {@code name}, body values first. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>(body.getAll(name));
        values.addAll(url.getAll(name));
        return values;
    }
}
