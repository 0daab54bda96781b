package io.taumesh.bench;

/** One way of sending a message to the echo server and hearing it come back. */
interface RoundTrip {

    String name();

    /** Sends one message; calls {@code onReply} on the event loop when its echo is back. */
    void send(Runnable onReply);
}
