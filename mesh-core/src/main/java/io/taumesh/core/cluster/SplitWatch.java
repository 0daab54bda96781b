package io.taumesh.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Notices that this node is cut off from members that are still there: a member that left the cluster (it
 * stopped answering heartbeats: a pause, a cut link) but whose member port answers again is a split, not a
 * departure. While this node is alone and such a member answers, it is split: {@link #split()} says from whom,
 * and the node's {@code /readiness} is not UP until the merge brings them back. A member that left and does
 * not answer (killed, stopped) is a departure, and a node alone after departures is not split.
 *
 * <p>Departures are remembered for {@link #REMEMBER}; probing (a TCP connect to each, bounded by
 * {@link #PROBE_TIMEOUT}) is blocking, and runs on a worker at the node's interval.
 */
public final class SplitWatch implements MembershipListener {

  private static final Logger LOG = Logger.getLogger(SplitWatch.class.getName());

  static final Duration REMEMBER = Duration.ofMinutes(30);
  static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);
  static final int MAX_REMEMBERED = 64;

  /** A member that left: where it was, and when it left. */
  public record Departure(String address, Instant at) {
  }

  private final HazelcastInstance hazelcast;
  private final Predicate<InetSocketAddress> answers;
  private final Clock clock;
  private final Map<String, Departure> departed = new LinkedHashMap<>();
  private volatile Departure answeringPeer;
  private UUID registration;

  public SplitWatch(HazelcastInstance hazelcast, MeterRegistry registry) {
    this(hazelcast, registry, SplitWatch::connects, Clock.systemUTC());
  }

  SplitWatch(HazelcastInstance hazelcast, MeterRegistry registry, Predicate<InetSocketAddress> answers, Clock clock) {
    this.hazelcast = hazelcast;
    this.answers = answers;
    this.clock = clock;
    Gauge.builder("tau_cluster_split", this, w -> w.answeringPeer == null ? 0 : 1)
        .description("1 while this node is alone and a member that left its cluster answers on its address (a split), else 0")
        .register(registry);
  }

  public void start() {
    registration = hazelcast.getCluster().addMembershipListener(this);
  }

  public void stop() {
    if (registration != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(registration);
    }
  }

  @Override
  public synchronized void memberAdded(MembershipEvent event) {
    departed.remove(address(event.getMember()));
  }

  @Override
  public synchronized void memberRemoved(MembershipEvent event) {
    String address = address(event.getMember());
    departed.remove(address);
    departed.put(address, new Departure(address, clock.instant()));
    while (departed.size() > MAX_REMEMBERED) {
      departed.remove(departed.keySet().iterator().next());
    }
  }

  /**
   * Blocking: probes the remembered departures when this node is alone, and updates {@link #split()}. Call it
   * from a worker, periodically.
   */
  public void probe() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return;
    }
    boolean alone = hazelcast.getCluster().getMembers().size() <= 1;
    Departure answering = null;
    if (alone) {
      Instant horizon = clock.instant().minus(REMEMBER);
      for (Departure d : snapshot()) {
        if (d.at().isAfter(horizon) && answers.test(socketAddress(d.address()))) {
          answering = d;
          break;
        }
      }
    }
    Departure before = answeringPeer;
    answeringPeer = answering;
    if (answering != null && before == null) {
      Departure peer = answering;
      LOG.warning(() -> "split from the cluster: alone, while member " + peer.address() + " (left at " + peer.at()
          + ") answers on its address; not ready until it merges back");
    } else if (answering == null && before != null) {
      LOG.info(() -> "no longer split: " + hazelcast.getCluster().getMembers().size() + " member(s)");
    }
  }

  /** The member this node is split from, while it is alone and that member answers; empty otherwise. */
  public Optional<Departure> split() {
    return Optional.ofNullable(answeringPeer);
  }

  private synchronized java.util.List<Departure> snapshot() {
    return java.util.List.copyOf(departed.values());
  }

  static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  private static InetSocketAddress socketAddress(String address) {
    int colon = address.lastIndexOf(':');
    return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }

  private static boolean connects(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
