package dev.panoptes.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code panoptes} command: the entry point of the runnable jar. Each job is a subcommand;
 * {@code ./panoptes} adds {@code test}, which builds and tests the source tree.
 */
@Command(name = "panoptes",
        description = "One observability system for metrics, logs, traces and profiles.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        subcommands = {ServerCommand.class, ImportCommand.class, PromqlTestCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@link #main} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
