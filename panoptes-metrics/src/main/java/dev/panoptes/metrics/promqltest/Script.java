package dev.panoptes.metrics.promqltest;

import java.util.List;

/** A parsed test script: its commands in file order. Immutable. */
record Script(List<Command> commands) {

    Script {
        commands = List.copyOf(commands);
    }

    int evalCount() {
        int n = 0;
        for (Command c : commands) {
            if (c instanceof EvalCommand) {
                n++;
            }
        }
        return n;
    }
}
