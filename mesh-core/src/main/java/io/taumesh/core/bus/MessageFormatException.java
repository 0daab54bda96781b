package io.taumesh.core.bus;

/** A body that cannot be read as the expected message, with the offending field named. */
public final class MessageFormatException extends RuntimeException {

  private final String field;

  public MessageFormatException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public MessageFormatException(String field, String reason, Throwable cause) {
    super(field + ": " + reason, cause);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
