package io.taumesh.core.runner;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.bus.Correlation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** What a runtime does with its fixture cases; the runner does the queueing, retries and bookkeeping. */
public interface CaseProcessor {

  /** The case fields of this runtime, besides the common ones ({@code case_id}, the channel, expect, simulate). */
  java.util.Set<String> caseFields();

  /** Checks the runtime's own fields of a case (the runner has checked the common ones). */
  Optional<FieldError> validate(JsonObject caseJson);

  /**
   * Processes one attempt of a valid case. A result marked transient is retried by the runner; a failed
   * future is a processing failure.
   */
  Future<CaseResult> process(FixtureEntry.Valid testCase, int attempt, Correlation correlation);
}
