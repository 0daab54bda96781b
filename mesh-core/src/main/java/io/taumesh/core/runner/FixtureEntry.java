package io.taumesh.core.runner;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;

/** One entry of a fixture's {@code cases} array, as the runner queues it: a case to run, or one to reject. */
public sealed interface FixtureEntry permits FixtureEntry.Valid, FixtureEntry.Malformed {

  /** Where the entry came from: fixture file and position, for messages. */
  String origin();

  /** The case id when the entry has a usable one, else null. */
  String caseId();

  /** A case that passed validation. */
  record Valid(String origin, String caseId, String channelId, JsonObject input, Expectation expect,
      int transientFailures) implements FixtureEntry {
  }

  /** A case that did not; the rest of its fixture still runs. */
  record Malformed(String origin, String caseId, FieldError problem) implements FixtureEntry {
  }
}
