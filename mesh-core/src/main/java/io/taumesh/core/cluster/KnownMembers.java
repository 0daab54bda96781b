package io.taumesh.core.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member addresses a node has seen in its cluster, kept a while after they leave, for the merge search. A node
 * split off must ask the master of the other piece to merge, and only a master answers that question; the master
 * need not be among the node's seed members (an operator's lite member, the oldest one left after a rolling
 * restart, was master and nobody's seed). Hazelcast's own TCP/IP join remembers past members for the same reason.
 */
final class KnownMembers implements InitialMembershipListener {

    /** How long an address that left is still asked. */
    static final Duration RETAIN = Duration.ofMinutes(10);

    /** Address to the time it was last seen as a member (Long.MAX_VALUE while it is one), in ms. */
    private final Map<InetSocketAddress, Long> seen = new ConcurrentHashMap<>();

    @Override
    public void init(InitialMembershipEvent event) {
        event.getMembers().forEach(member -> seen.put(member.getSocketAddress(), Long.MAX_VALUE));
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        seen.put(event.getMember().getSocketAddress(), Long.MAX_VALUE);
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        Member member = event.getMember();
        seen.put(member.getSocketAddress(), System.currentTimeMillis());
    }

    /** The addresses seen as members within {@link #RETAIN}, current members included. */
    List<InetSocketAddress> recent() {
        long oldest = System.currentTimeMillis() - RETAIN.toMillis();
        seen.values().removeIf(last -> last < oldest);
        return List.copyOf(seen.keySet());
    }
}
