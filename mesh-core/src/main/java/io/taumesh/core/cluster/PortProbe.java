package io.taumesh.core.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether member ports answer: a TCP connect to each, all at once on one thread, within one deadline. Blocking for
 * at most the timeout; call it off the event loops.
 */
public final class PortProbe {

    /** Long enough for a member across a network; a refused port answers at once, a cut link waits it out. */
    public static final Duration TIMEOUT = Duration.ofMillis(300);

    private PortProbe() {}

    /** The addresses of {@code targets} that accepted a connection within {@code timeout}. */
    public static Set<InetSocketAddress> answering(Collection<InetSocketAddress> targets, Duration timeout) {
        Set<InetSocketAddress> answered = new HashSet<>();
        if (targets.isEmpty()) {
            return answered;
        }
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (InetSocketAddress target : new HashSet<>(targets)) {
                if (target.isUnresolved()) {
                    continue;
                }
                SocketChannel channel = SocketChannel.open();
                channels.add(channel);
                channel.configureBlocking(false);
                try {
                    if (channel.connect(target)) {
                        answered.add(target);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT, target);
                    }
                } catch (IOException e) {
                    // Refused or unreachable at once: it does not answer.
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!selector.keys().isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
                    break;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    try {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            answered.add((InetSocketAddress) key.attachment());
                        }
                    } catch (IOException e) {
                        // Refused: it does not answer.
                    }
                }
                selector.selectedKeys().clear();
                selector.selectNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe member ports", e);
        } finally {
            channels.forEach(PortProbe::closeQuietly);
        }
        return answered;
    }

    /** Whether one address accepts a connection within {@code timeout}. */
    public static boolean answers(InetSocketAddress target, Duration timeout) {
        return answering(List.of(target), timeout).contains(target);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to keep.
        }
    }
}
