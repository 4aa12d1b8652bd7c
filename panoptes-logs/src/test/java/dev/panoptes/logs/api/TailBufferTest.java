package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TailBufferTest {

    static final Labels APP = Labels.of("app", "a");

    @Test
    void aFullBufferDropsNewEntriesAndReportsThemWithTheNextFrame() {
        TailBuffer buffer = new TailBuffer(3, 10);
        for (int t = 1; t <= 5; t++) {
            buffer.offer(APP, t, "line " + t);
        }
        TailBuffer.Frame frame = buffer.take(100, 0, 100);
        assertThat(frame.entries()).extracting(TailBuffer.Entry::time).containsExactly(1L, 2L, 3L);
        assertThat(frame.dropped()).containsExactly(new TailBuffer.Dropped(APP, 4), new TailBuffer.Dropped(APP, 5));
        buffer.offer(APP, 6, "line 6");
        assertThat(buffer.take(100, 0, 100).dropped()).as("drops are reported once").isEmpty();
    }

    @Test
    void dropsAreRememberedOnlyUpToTheirLimit() {
        TailBuffer buffer = new TailBuffer(1, 2);
        for (int t = 1; t <= 6; t++) {
            buffer.offer(APP, t, "x");
        }
        assertThat(buffer.take(100, 0, 100).dropped()).hasSize(2);
    }

    @Test
    void entriesWaitForTheDelayAndLeaveOldestFirstInFramesOfTheGivenSize() {
        TailBuffer buffer = new TailBuffer(10, 10);
        buffer.offer(APP, 30, "c");
        buffer.offer(APP, 10, "a");
        buffer.offer(APP, 20, "b");
        assertThat(buffer.take(24, 5, 100).entries()).extracting(TailBuffer.Entry::line).containsExactly("a");
        assertThat(buffer.take(24, 5, 100)).as("b is not due before 25").isNull();
        assertThat(buffer.take(40, 5, 1).entries()).extracting(TailBuffer.Entry::line).containsExactly("b");
        assertThat(buffer.take(40, 5, 1).entries()).extracting(TailBuffer.Entry::line).containsExactly("c");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void entriesAlreadySentAreLeftOut() {
        TailBuffer buffer = new TailBuffer(10, 10);
        buffer.offer(APP, 1, "seen");
        buffer.offer(APP, 2, "new");
        buffer.exclude(Set.of(new TailBuffer.Seen(APP, 1, "seen"), new TailBuffer.Seen(APP, 3, "also seen")));
        buffer.offer(APP, 3, "also seen");
        assertThat(buffer.take(100, 0, 100).entries()).extracting(TailBuffer.Entry::line).containsExactly("new");
    }
}
