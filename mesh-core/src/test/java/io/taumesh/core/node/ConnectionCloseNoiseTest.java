package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.testing.LogCapture;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLHandshakeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Noise of closing connections")
class ConnectionCloseNoiseTest {

    @Test
    @DisplayName("a peer's disconnect is noise; a real fault is not")
    void disconnects() {
        assertThat(ConnectionCloseNoise.isNoise(new HttpClosedException("Connection was closed")))
                .isTrue();
        assertThat(ConnectionCloseNoise.isNoise(new RuntimeException(new IOException("Connection reset by peer"))))
                .isTrue();
        assertThat(ConnectionCloseNoise.isNoise(new IOException("Broken pipe"))).isTrue();
        assertThat(ConnectionCloseNoise.isNoise(new IOException("No space left on device")))
                .isFalse();
        assertThat(ConnectionCloseNoise.isNoise(new IllegalStateException("Promise already completed")))
                .as("not from a connection")
                .isFalse();
        assertThat(ConnectionCloseNoise.isNoise(new NullPointerException())).isFalse();
        // The epoll transport logs a reset by its message alone.
        assertThat(ConnectionCloseNoise.isDisconnectMessage(
                        "recvAddress(..) failed with error(-104): Connection reset by peer"))
                .isTrue();
        assertThat(ConnectionCloseNoise.isDisconnectMessage("Too many open files"))
                .isFalse();
    }

    @Test
    @DisplayName(
            "a connection accepted as this node's event loops close is one warning line; another acceptor fault keeps its stack trace")
    void lateAcceptIsOneLine() {
        Logger logger = Logger.getLogger(ConnectionCloseNoise.SERVER_BOOTSTRAP);
        List<LogRecord> published = published(logger, () -> {
            IllegalStateException closing = new IllegalStateException();
            closing.setStackTrace(new StackTraceElement[] {
                new StackTraceElement(ConnectionCloseNoise.CLOSED_LOOPS, "next", "VertxEventLoopGroup.java", 37)
            });
            logger.log(Level.WARNING, "Failed to register an accepted channel: [id: 0x1]", closing);
            logger.log(Level.WARNING, "Failed to register an accepted channel: [id: 0x2]", new IllegalStateException());
        });
        assertThat(published).hasSize(2);
        assertThat(published.get(0).getThrown()).isNull();
        assertThat(published.get(0).getMessage())
                .isEqualTo(
                        "Failed to register an accepted channel: [id: 0x1]: this node's event loops are closing (it is "
                                + "stopping)");
        assertThat(published.get(1).getThrown()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName(
            "a refused connection, a closed handshake or a connect during this node's stop is one warning line with the reason, no stack trace")
    void refusedConnectIsOneLine() {
        Logger logger = Logger.getLogger(ConnectionCloseNoise.CLUSTERED_EVENT_BUS);
        List<LogRecord> published = published(logger, () -> {
            logger.log(
                    Level.WARNING,
                    "Connecting to server abc failed",
                    new IOException(
                            "wrapped",
                            new ConnectException("finishConnect(..) failed with error(-111): Connection refused")));
            logger.log(Level.WARNING, "something else", new IllegalStateException("a real fault"));
            SSLHandshakeException handshake = new SSLHandshakeException("Failed to create SSL connection");
            ClosedChannelException closed = new ClosedChannelException();
            closed.addSuppressed(
                    new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress"));
            handshake.initCause(closed);
            logger.log(Level.WARNING, "Connecting to server def failed", handshake);
            logger.log(
                    Level.WARNING,
                    "Connecting to server ghi failed",
                    new IllegalStateException(ConnectionCloseNoise.LOOP_STOPPING));
        });
        assertThat(published).hasSize(4);
        assertThat(published.get(3).getThrown())
                .as("a connect refused by this node's stopping loop")
                .isNull();
        assertThat(published.get(3).getMessage())
                .isEqualTo("Connecting to server ghi failed: executor not accepting a task");
        assertThat(published.get(2).getThrown()).isNull();
        assertThat(published.get(2).getMessage())
                .isEqualTo("Connecting to server def failed: Failed to create SSL connection "
                        + "(Connection closed while SSL/TLS handshake was in progress)");
        assertThat(published.get(0).getThrown()).isNull();
        assertThat(published.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(published.get(0).getMessage())
                .isEqualTo(
                        "Connecting to server abc failed: finishConnect(..) failed with error(-111): Connection refused");
        assertThat(published.get(1).getThrown())
                .as("other faults keep their stack trace")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(120)
    @DisplayName("what a member sees when the member it publishes to leaves mid-stream is only noise")
    void memberLeavingMidStream() throws Exception {
        String cluster = TestClusters.uniqueName("noise");
        MeshNode sender = MeshNode.start(ClusterSettings.loopback(cluster)).await(60, TimeUnit.SECONDS);
        MeshNode receiver = MeshNode.start(ClusterSettings.loopback(cluster)
                        .withMembers(List.of(sender.members().localAddress())))
                .await(60, TimeUnit.SECONDS);
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        sender.vertx().exceptionHandler(uncaught::add);
        try {
            List<Integer> received = new CopyOnWriteArrayList<>();
            receiver.vertx()
                    .eventBus()
                    .<JsonObject>consumer(
                            "noise.test", m -> received.add(m.body().getInteger("n")))
                    .completion()
                    .await(10, TimeUnit.SECONDS);
            long timer = sender.vertx().setPeriodic(1, id -> {
                for (int i = 0; i < 50; i++) {
                    sender.vertx().eventBus().publish("noise.test", new JsonObject().put("n", i));
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() > 500);
            receiver.close().await(30, TimeUnit.SECONDS);
            receiver = null;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> sender.members().size() == 1);
            sender.vertx().cancelTimer(timer);
            assertThat(uncaught)
                    .allSatisfy(e -> assertThat(ConnectionCloseNoise.isNoise(e))
                            .as(describe(e))
                            .isTrue());
            System.out.println("noise seen while a member left mid-stream: " + uncaught.size() + " uncaught "
                    + uncaught.stream().map(Throwable::toString).distinct().toList());
        } finally {
            if (receiver != null) {
                receiver.close().await(30, TimeUnit.SECONDS);
            }
            sender.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static String describe(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** What {@code logger} publishes, through the noise filters, while {@code logging} runs. */
    private static List<LogRecord> published(Logger logger, Runnable logging) {
        ConnectionCloseNoise.install();
        try (LogCapture capture = LogCapture.of(logger)) {
            logging.run();
            return capture.records();
        }
    }
}
