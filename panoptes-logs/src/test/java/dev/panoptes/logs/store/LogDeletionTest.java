package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDeletionTest {

    @TempDir
    Path dir;

    private TenantLogStore open(ObjectStore objects) throws Exception {
        return TenantLogStore.open(dir, TenantLogStoreTest.settings(300, 0), objects, "logs/t/blocks/");
    }

    private static void push(TenantLogStore store, String app, long from, int n) throws Exception {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", app));
        for (int i = 0; i < n; i++) {
            batch.entry(from + i, (i % 3 == 0 ? "password=hunter2 " : "ok ") + app + " " + (from + i), Labels.empty());
        }
        store.append(batch);
    }

    private static List<String> all(TenantLogStore store) {
        return TenantLogStoreTest.lines(store, List.of());
    }

    private static List<String> expectedAfterDelete(List<String> before) {
        List<String> kept = new ArrayList<>();
        for (String line : before) {
            long t = Long.parseLong(line.substring(line.indexOf('@') + 1, line.indexOf(' ')));
            boolean deleted = line.startsWith("a@") && line.contains("password=") && t >= 100 && t <= 250;
            if (!deleted) {
                kept.add(line);
            }
        }
        return kept;
    }

    @Test
    void deletedLinesAreHiddenAtOnceSurviveRestartsAndAreRemovedByProcessing() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        List<String> before;
        DeleteRequest request;
        try (TenantLogStore store = open(objects)) {
            push(store, "a", 0, 200);
            push(store, "b", 0, 200);
            store.flush();
            push(store, "a", 200, 100);
            before = all(store);
            request = store.requestDelete("{app=\"a\"} |= \"password=\"", List.of(LabelMatcher.equal("app", "a")),
                    List.of(LineCondition.contains("password=")), 100, 250);
            assertThat(request.requestId()).matches("[0-9a-f]{8}");
            assertThat(all(store)).as("hidden before processing").isEqualTo(expectedAfterDelete(before));
        }
        try (TenantLogStore store = open(objects)) {
            assertThat(store.deleteRequests()).extracting(DeleteRequest::status).containsExactly(DeleteRequest.Status.RECEIVED);
            assertThat(all(store)).as("hidden after a restart").isEqualTo(expectedAfterDelete(before));
            assertThat(store.processDeletes(request.createdAtMillis() - 1)).as("still inside the cancel period").isZero();
            assertThat(store.processDeletes(System.currentTimeMillis())).isEqualTo(1);
            assertThat(store.deleteRequests()).extracting(DeleteRequest::status).containsExactly(DeleteRequest.Status.PROCESSED);
            assertThat(all(store)).as("removed from the blocks").isEqualTo(expectedAfterDelete(before));
            assertThat(store.cancelDelete(request.requestId())).as("processed requests stay").isFalse();
        }
        try (TenantLogStore store = open(objects)) {
            assertThat(all(store)).isEqualTo(expectedAfterDelete(before));
            // Lines pushed after processing into the deleted range are not deleted.
            push(store, "a", 150, 3);
            assertThat(all(store)).hasSize(expectedAfterDelete(before).size() + 3);
        }
    }

    @Test
    void aCancelledRequestShowsItsLinesAgain() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        try (TenantLogStore store = open(objects)) {
            push(store, "a", 0, 300);
            store.flush();
            List<String> before = all(store);
            DeleteRequest request = store.requestDelete("{app=\"a\"}", List.of(LabelMatcher.equal("app", "a")), List.of(), 100, 250);
            assertThat(all(store)).hasSize(before.size() - 151);
            assertThat(store.cancelDelete(request.requestId())).isTrue();
            assertThat(store.cancelDelete(request.requestId())).isFalse();
            assertThat(all(store)).isEqualTo(before);
            assertThat(store.processDeletes(System.currentTimeMillis())).isZero();
        }
    }
}
