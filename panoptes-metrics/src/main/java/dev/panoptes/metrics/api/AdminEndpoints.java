package dev.panoptes.metrics.api;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.metrics.storage.SeriesDeleter;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.TenantStorage;
import java.io.IOException;
import java.util.List;

/**
 * {@code /admin/tsdb/delete_series} and {@code /admin/tsdb/clean_tombstones}, answering 204 when
 * done. Off unless {@code query.enable_admin_api} is set, because they destroy data; each acts on
 * the requesting tenant only. Thread-safe.
 */
final class AdminEndpoints {

    private final TenantStorage tenants;
    private final boolean enabled;

    AdminEndpoints(TenantStorage tenants, boolean enabled) {
        this.tenants = tenants;
        this.enabled = enabled;
    }

    Reply deleteSeries(ApiRequest request) throws IOException {
        SeriesDeleter deleter = deleter(request);
        RequestParams p = request.params();
        List<String> selectors = p.all("match[]");
        if (selectors.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        long start = ParamParser.optionalTime(p, "start", ParamParser.MIN_TIME);
        long end = ParamParser.optionalTime(p, "end", ParamParser.MAX_TIME);
        List<List<LabelMatcher>> sets;
        try {
            sets = ParamParser.matcherSets(selectors);
        } catch (ApiException e) {
            throw ApiException.invalidParameter("match[]", e.getMessage());
        }
        for (List<LabelMatcher> set : sets) {
            deleter.deleteSeries(set, start, end);
        }
        return Reply.noContent();
    }

    Reply cleanTombstones(ApiRequest request) throws IOException {
        deleter(request).cleanTombstones();
        return Reply.noContent();
    }

    private SeriesDeleter deleter(ApiRequest request) {
        if (!enabled) {
            throw new ApiException(ApiErrorType.UNAVAILABLE, "admin APIs disabled");
        }
        Storage storage = tenants.forTenant(request.tenant());
        if (!(storage instanceof SeriesDeleter deleter)) {
            throw new ApiException(ApiErrorType.UNAVAILABLE, "this storage does not support deletion");
        }
        return deleter;
    }
}
