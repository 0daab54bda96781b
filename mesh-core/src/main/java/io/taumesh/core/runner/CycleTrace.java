package io.taumesh.core.runner;

/** The correlation a cycle ran under: {@code x-request-id} and W3C {@code traceparent}. */
public record CycleTrace(String requestId, String traceparent) {
}
