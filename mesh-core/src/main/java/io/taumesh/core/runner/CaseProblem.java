package io.taumesh.core.runner;

/** Why a fixture case cannot run: the field at fault and what is wrong with it. */
public record CaseProblem(String field, String reason) {

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
