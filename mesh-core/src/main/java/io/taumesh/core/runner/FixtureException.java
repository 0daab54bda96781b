package io.taumesh.core.runner;

import java.nio.file.Path;

/** A fixture file that cannot be used at all: unreadable, not JSON, or wrong at the top level. */
public final class FixtureException extends Exception {

  public FixtureException(Path path, String field, String reason) {
    super(path + ": " + field + ": " + reason);
  }

  public FixtureException(Path path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
  }
}
