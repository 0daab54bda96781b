package io.taumesh.core.node;

import io.taumesh.core.logging.JsonLogFormatter;
import io.taumesh.core.logging.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One-line log records on stderr, with Hazelcast and Netty held to warnings, unless the operator brought a
 * config; in either case a client's disconnect is not logged as an error ({@link ConnectionCloseNoise}).
 * {@code --log-format json} turns every line into a JSON object ({@link JsonLogFormatter}).
 */
public final class ConsoleLogging {

    private static volatile LogFormat format = LogFormat.TEXT;

    private ConsoleLogging() {}

    public static void configure() {
        System.setProperty("hazelcast.logging.type", "jdk");
        if (System.getProperty("java.util.logging.config.file") == null) {
            readDefaults();
        }
        ConnectionCloseNoise.install();
    }

    /** Writes every following record of the root handlers in {@code chosen} format. */
    public static void use(LogFormat chosen) {
        if (chosen == format) {
            return; // text keeps whatever formatter the configuration chose
        }
        format = chosen;
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(chosen == LogFormat.JSON ? new JsonLogFormatter() : new SimpleFormatter());
        }
    }

    /** The format in use, which process children inherit ({@link LogFormat#ENV}). */
    public static LogFormat format() {
        return format;
    }

    private static void readDefaults() {
        try (InputStream in = ConsoleLogging.class.getResourceAsStream("/tau-mesh-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logging configuration", e);
        }
    }
}
