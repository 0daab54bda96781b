package io.taumesh.core.bus.message;

import org.jspecify.annotations.Nullable;

/**
 * An event the page draws on a runtime's history axis, kept by the supervisor ({@code markers.jsonl}): a child
 * {@code restarted}, {@code quarantined}, {@code released} or {@code removed}, or a member that {@code member_joined}
 * or {@code member_left} the cluster; {@code subject} is the child's id or the member's address.
 */
public record SupervisorMarker(
        long atMs, String kind, String subject, @Nullable String detail) {}
