package io.taumesh.client;

import io.taumesh.core.bus.Correlation;
import io.vertx.core.eventbus.ReplyException;

/** Turns the event bus's failure of a request into the client's typed one, with a sentence an operator can act on. */
final class RequestFailure {

    private RequestFailure() {}

    static MeshClientException of(
            String address, Correlation correlation, Throwable e, String clusterName, long timeoutMs) {
        MeshClientException.Kind kind = e instanceof ReplyException reply
                ? switch (reply.failureType()) {
                    case NO_HANDLERS -> MeshClientException.Kind.NOT_SERVED;
                    case TIMEOUT -> MeshClientException.Kind.TIMED_OUT;
                    default -> MeshClientException.Kind.FAILED;
                }
                : MeshClientException.Kind.FAILED;
        String message = switch (kind) {
            case NOT_SERVED ->
                "nobody serves " + address + " in cluster '" + clusterName + "' (is that service running?)";
            case TIMED_OUT ->
                "no answer on " + address + " within " + timeoutMs
                        + " ms; an action may still have been applied: its service's audit trail says";
            default -> address + " failed: " + e.getMessage();
        };
        return new MeshClientException(kind, address, correlation.requestId(), message, e);
    }
}
