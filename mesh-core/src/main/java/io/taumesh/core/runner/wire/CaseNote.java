package io.taumesh.core.runner.wire;

/** A case worth naming in a cycle report: one that was malformed or failed, and why. */
public record CaseNote(String origin, String caseId, CaseOutcome outcome, String field, String reason) {}
