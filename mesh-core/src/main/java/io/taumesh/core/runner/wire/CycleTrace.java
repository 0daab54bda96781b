package io.taumesh.core.runner.wire;

/** The correlation a cycle ran under: {@code x-request-id} and W3C {@code traceparent}. */
public record CycleTrace(String requestId, String traceparent) {}
