package io.taumesh.supervisor;

/** A supervision config that cannot be used, naming the field: {@code field_path="children[1].restart": ...}. */
public final class SupervisionConfigException extends Exception {

  private final String fieldPath;

  public SupervisionConfigException(String fieldPath, String reason) {
    super("field_path=\"" + fieldPath + "\": " + reason);
    this.fieldPath = fieldPath;
  }

  public String fieldPath() {
    return fieldPath;
  }
}
