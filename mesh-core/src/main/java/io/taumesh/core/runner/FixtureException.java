package io.taumesh.core.runner;

import io.taumesh.core.contract.FieldError;
import java.nio.file.Path;

/**
 * A fixture file that cannot be used at all: unreadable, not JSON, or wrong at the top level. The field at
 * fault is its cause, when there is one.
 */
public final class FixtureException extends Exception {

  public FixtureException(Path path, String field, String reason) {
    this(path, new FieldError(field, reason));
  }

  public FixtureException(Path path, FieldError error) {
    super(path + ": " + error.getMessage(), error);
  }

  public FixtureException(Path path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
  }
}
