package io.taumesh.core.bus.message;

import org.jspecify.annotations.Nullable;

/**
 * An event the page draws on a runtime's history axis, kept by the supervisor ({@code markers.jsonl}): a child
 * {@code restarted}, {@code quarantined}, {@code released} or {@code removed}, a member that {@code member_joined}
 * or {@code member_left} the cluster, or a node's decision about the cluster ({@code registration_removed},
 * {@code member_refused}: {@code ClusterDecision}); {@code subject} is the child's id, the member's address or the
 * event-bus address.
 */
public record SupervisorMarker(
        long atMs, String kind, String subject, @Nullable String detail) {}
