package io.taumesh.client;

import org.jspecify.annotations.Nullable;

/**
 * Why a call of the {@link MeshClient} did not get its answer. The {@link Kind} says what a program can do about
 * it: {@code NOT_SERVED} and {@code TIMED_OUT} may pass (a service restarting), the others will not by retrying.
 */
public final class MeshClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No mesh to join: nobody answers at the seeds, or members answer but do not let this client in. */
        NO_MESH,
        /** The cluster speaks another mesh protocol version than this client (see {@code MeshProtocol}). */
        PROTOCOL_MISMATCH,
        /** Nobody serves the address ({@code NO_HANDLERS}): the service is not running, or not yet. */
        NOT_SERVED,
        /** The service did not answer in time; an action may still have been applied (see its audit trail). */
        TIMED_OUT,
        /** The service failed the request (a bad body, or it is stopping). */
        FAILED,
        /** The answer came but does not read as the message the address answers with. */
        BAD_ANSWER
    }

    private final Kind kind;
    private final @Nullable String address;
    private final @Nullable String requestId;
    private @Nullable String idempotencyKey;

    MeshClientException(Kind kind, @Nullable String address, @Nullable String requestId, String message) {
        this(kind, address, requestId, message, null);
    }

    MeshClientException(
            Kind kind,
            @Nullable String address,
            @Nullable String requestId,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.address = address;
        this.requestId = requestId;
    }

    public Kind kind() {
        return kind;
    }

    /** The address asked, or null for a failure to connect. */
    public @Nullable String address() {
        return address;
    }

    /**
     * The idempotency key the action was sent with, or null for a question: sending the action again with this key
     * applies it at most once, whether or not the first one was applied.
     */
    public @Nullable String idempotencyKey() {
        return idempotencyKey;
    }

    MeshClientException withIdempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /** The {@code x-request-id} of the request, to find it in the mesh's logs and audit trails; null at connect. */
    public @Nullable String requestId() {
        return requestId;
    }
}
