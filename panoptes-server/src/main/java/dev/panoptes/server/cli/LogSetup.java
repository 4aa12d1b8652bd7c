package dev.panoptes.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.panoptes.server.config.ServerSettings.LogFormat;
import java.net.URL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Switches Logback to the configured format and level once the configuration is known. */
final class LogSetup {

    private LogSetup() {
    }

    static void configure(LogFormat format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        String resource = format == LogFormat.JSON ? "/dev/panoptes/server/logback-json.xml" : "/logback.xml";
        URL config = LogSetup.class.getResource(resource);
        if (config == null) {
            throw new IllegalStateException("logging configuration " + resource + " is missing from the jar");
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + resource, e);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
    }
}
