package io.taumesh.core.security;

import io.vertx.core.http.HttpServerOptions;

/**
 * The most any client may send in one piece to a server of the mesh: request line, headers, body, WebSocket
 * frame and message. Every HTTP server of the mesh takes its options from {@link #httpServer}, so that the
 * limits are the same everywhere and an oversized input is refused before it is buffered (431 for headers,
 * 414 for the request line, 413 for a body, a closed WebSocket for a frame).
 */
public final class InputLimits {

    /** Request line: method, path and query. */
    public static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
    /** All headers of a request together. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** A request body (the gateway's ingress; the ops endpoint takes none). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** One WebSocket frame, and one whole message, of the browser bridge. */
    public static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

    public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 64 * 1024;

    private InputLimits() {}

    /** Options of an HTTP server bound to {@code host:port} with the mesh's input limits. */
    public static HttpServerOptions httpServer(String host, int port) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxFormAttributeSize(MAX_BODY_BYTES)
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
    }
}
