package io.taumesh.core.runner;

/** One case as a cycle ran it: its outcome, after how many attempts, what it produced, and why it failed. */
record CaseRun(FixtureEntry.Valid testCase, CaseOutcome outcome, int attempts, CaseResult result, String reason) {
}
