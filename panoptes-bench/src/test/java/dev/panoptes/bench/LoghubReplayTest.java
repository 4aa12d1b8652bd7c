package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoghubReplayTest {

    @Test
    void variesRunsOfDigitsKeepingTheLineShape() {
        String line = "081109 203615 148 INFO dfs.DataNode$PacketResponder: block blk_38865049064139660 terminating 7";
        assertThat(LoghubReplay.vary(line, 0, 0)).isEqualTo(line);
        String varied = LoghubReplay.vary(line, 3, 2);
        assertThat(varied).hasSameSizeAs(line).isNotEqualTo(line).isNotEqualTo(LoghubReplay.vary(line, 3, 1));
        assertThat(varied.replaceAll("[0-9]", "#")).isEqualTo(line.replaceAll("[0-9]", "#"));
        assertThat(varied).endsWith(" terminating 7");
    }
}
