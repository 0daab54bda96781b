package io.taumesh.core.node;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLHandshakeException;

/**
 * What the libraries report as errors when a connection closes, although nothing went wrong:
 * <ul>
 *   <li>a client that went away (a browser tab closed, a relay client gone, a peer reset);</li>
 *   <li>Vert.x 5.0's clustered event bus failing a write twice when the connection to a member that is
 *   leaving closes with messages still queued: the first failure reaches the sender, the second throws
 *   "Promise already completed" from the connection's close. Nothing is lost by it.</li>
 *   <li>the clustered event bus failing to connect to a member that is leaving (its server closed before the
 *   cluster saw it go, or closed it during the TLS handshake): worth a line, not a stack trace. A handshake a peer
 *   refused is shortened the same way, its reason kept on the line; so is a connect that this node's own event loop
 *   refuses because the node is stopping (netty's "executor not accepting a task").</li>
 *   <li>a connection a server accepts in the moment its node's event loops close (Vert.x 5.0 has the server's
 *   acceptor outlive them): netty's "Failed to register an accepted channel", one line rather than a stack trace.</li>
 * </ul>
 * A filter keeps these records out of the log, or shortens them to one line, and lets every other record through.
 */
public final class ConnectionCloseNoise {

    /** Loggers that report such closes as errors. */
    static final List<String> NOISY = List.of(
            "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl",
            "io.vertx.core.net.impl.ConnectionBase",
            "io.vertx.core.net.impl.VertxConnection",
            "io.vertx.core.impl.ContextImpl");

    // java.util.logging keeps loggers weakly: without these references the filters would be lost.
    private static final List<Logger> FILTERED =
            NOISY.stream().map(Logger::getLogger).toList();

    /** Logs a failed connection to another member, with the exception as its record's thrown. */
    static final String CLUSTERED_EVENT_BUS = "io.vertx.core.eventbus.impl.clustered.ClusteredEventBus";

    private static final Logger EVENT_BUS = Logger.getLogger(CLUSTERED_EVENT_BUS);

    /** Logs a connection its server accepted but could not hand to an event loop. */
    static final String SERVER_BOOTSTRAP = "io.netty.bootstrap.ServerBootstrap";

    private static final Logger ACCEPTOR = Logger.getLogger(SERVER_BOOTSTRAP);

    /** The class whose {@code next()} refuses a channel once the node's event loops are gone. */
    static final String CLOSED_LOOPS = "io.vertx.core.net.impl.VertxEventLoopGroup";

    private ConnectionCloseNoise() {}

    static void install() {
        Filter filter = record ->
                record.getThrown() != null ? !isNoise(record.getThrown()) : !isDisconnectMessage(record.getMessage());
        FILTERED.forEach(logger -> logger.setFilter(filter));
        EVENT_BUS.setFilter(ConnectionCloseNoise::shortenRefusedConnect);
        ACCEPTOR.setFilter(ConnectionCloseNoise::shortenLateAccept);
    }

    /** A refused connection to a member is logged again as one line with the reason; the original is dropped. */
    static boolean shortenRefusedConnect(LogRecord record) {
        Throwable refused = connectFailure(record.getThrown());
        if (refused == null) {
            return true;
        }
        return shorten(EVENT_BUS, record, reason(refused));
    }

    /** A connection accepted as this node's event loops close is logged again as one line; the original is dropped. */
    static boolean shortenLateAccept(LogRecord record) {
        Throwable thrown = record.getThrown();
        boolean loopsClosed = thrown instanceof IllegalStateException
                && thrown.getStackTrace().length > 0
                && CLOSED_LOOPS.equals(thrown.getStackTrace()[0].getClassName());
        return !loopsClosed || shorten(ACCEPTOR, record, "this node's event loops are closing (it is stopping)");
    }

    private static boolean shorten(Logger logger, LogRecord record, String reason) {
        LogRecord line = new LogRecord(record.getLevel(), record.getMessage() + ": " + reason);
        line.setLoggerName(record.getLoggerName());
        line.setSourceClassName(record.getSourceClassName());
        line.setSourceMethodName(record.getSourceMethodName());
        line.setInstant(record.getInstant());
        logger.log(line);
        return false;
    }

    /** What netty says when a connect is asked of an event loop that is shutting down. */
    static final String LOOP_STOPPING = "executor not accepting a task";

    /** The connect or TLS handshake failure among the error and its causes, or null. */
    static Throwable connectFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SSLHandshakeException
                    || (t instanceof IllegalStateException && LOOP_STOPPING.equals(t.getMessage()))) {
                return t;
            }
        }
        return null;
    }

    /** The failure's message, with what its causes and suppressed errors add (netty's handshake errors carry it there). */
    private static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            append(reason, t);
            for (Throwable suppressed : t.getSuppressed()) {
                append(reason, suppressed);
            }
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            append(reason, suppressed);
        }
        return reason.toString();
    }

    private static void append(StringBuilder reason, Throwable t) {
        String message = t.getMessage();
        if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
            reason.append(" (").append(message).append(')');
        }
    }

    /** The message of a peer's reset as the native transport logs it, without the exception. */
    static boolean isDisconnectMessage(String message) {
        return message != null && (message.contains("Connection reset by peer") || message.contains("Broken pipe"));
    }

    /** Either kind of noise above. */
    public static boolean isNoise(Throwable error) {
        return isClientDisconnect(error) || isLateWriteFailure(error);
    }

    /** True when the error, or one of its causes, only says that the other side closed or reset the connection. */
    public static boolean isClientDisconnect(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof IOException && (message.contains("Connection reset") || message.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    /** The second failure of a write that was queued on a connection as it closed (see the class comment). */
    public static boolean isLateWriteFailure(Throwable error) {
        if (!(error instanceof IllegalStateException) || !"Promise already completed".equals(error.getMessage())) {
            return false;
        }
        // Raised either as the connection releases its queued writes, or as the event bus writes to a
        // connection that has just closed.
        for (StackTraceElement frame : error.getStackTrace()) {
            String where = frame.getClassName();
            if (where.startsWith("io.vertx.core.internal.concurrent.OutboundMessageQueue")
                    || where.startsWith("io.vertx.core.net.impl.VertxConnection")
                    || where.startsWith("io.vertx.core.eventbus.impl.clustered.OutboundConnection")) {
                return true;
            }
        }
        return false;
    }
}
