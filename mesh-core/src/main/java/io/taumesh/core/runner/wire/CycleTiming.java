package io.taumesh.core.runner.wire;

/** When a cycle started (ISO-8601 and Unix milliseconds) and how long it took to commit. */
public record CycleTiming(String timestamp, long timestampUnixMs, long durationMs) {}
