package io.taumesh.core.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * One-line log records on stderr, with Hazelcast and Netty held to warnings, unless the operator brought a
 * config; in either case a client's disconnect is not logged as an error ({@link ConnectionCloseNoise}).
 */
public final class ConsoleLogging {

  private ConsoleLogging() {
  }

  public static void configure() {
    System.setProperty("hazelcast.logging.type", "jdk");
    if (System.getProperty("java.util.logging.config.file") == null) {
      readDefaults();
    }
    ConnectionCloseNoise.install();
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
