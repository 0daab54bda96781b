package io.taumesh.core.runner;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fixture case expects of its result: a status, and fields the result body must contain with
 * these values (other fields may be present).
 */
public record Expectation(Integer status, JsonObject body) {

  public static final Expectation NONE = new Expectation(null, null);

  /** Empty when the result meets the expectation, else why not. */
  public Optional<String> mismatch(CaseResult result) {
    if (status != null && status != result.status()) {
      return Optional.of("expected status " + status + ", got " + result.status() + describeError(result));
    }
    if (body != null) {
      for (String field : body.fieldNames()) {
        Object want = body.getValue(field);
        Object got = result.body() == null ? null : result.body().getValue(field);
        if (!Objects.equals(want, got)) {
          return Optional.of("expected body." + field + " = " + want + ", got " + got);
        }
      }
    }
    return Optional.empty();
  }

  private static String describeError(CaseResult result) {
    String error = result.body() == null ? null : result.body().getString("error");
    return error == null ? "" : " (" + error + ")";
  }
}
