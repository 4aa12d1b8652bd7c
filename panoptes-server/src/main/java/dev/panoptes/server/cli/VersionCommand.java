package dev.panoptes.server.cli;

import dev.panoptes.server.http.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code panoptes version}: what this build is. */
@Command(name = "version", description = "Print the version and build information.")
final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.print(BuildInfo.current().describe());
    }

    /** Makes {@code panoptes --version} print the same. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return BuildInfo.current().describe().split("\n");
        }
    }
}
