package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.server.tcp.TcpServer;
import io.taumesh.core.testing.TestClusters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PanicHandlerTest {

    @Test
    @DisplayName("an uncaught exception is a panic, but while the node leaves the cluster; an Error always is")
    void toleratedOnlyWhileLeaving() {
        RuntimeException other = new RuntimeException("lost the partition table");
        assertThat(PanicHandler.verdict(true, other)).isEqualTo(PanicHandler.Verdict.TOLERATED);
        assertThat(PanicHandler.verdict(false, other))
                .as("the same while the node runs")
                .isEqualTo(PanicHandler.Verdict.PANIC);
        assertThat(PanicHandler.verdict(true, new OutOfMemoryError()))
                .as("an Error")
                .isEqualTo(PanicHandler.Verdict.PANIC);
        assertThat(PanicHandler.line(new Thread("t"), other))
                .isEqualTo("Panic: RuntimeException: lost the partition table (uncaught on thread t); exiting with 70");
    }

    @Test
    @DisplayName(
            "Hazelcast's refusal of an address that leads back to this member is noise at any time, told from any other exception")
    void hazelcastSelfConnect() {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(loneMember());
        try {
            Node node = ((HazelcastInstanceProxy) hazelcast).getOriginal().node;
            TcpServer server = (TcpServer) node.getServer();
            // The member's own address is the one address its registry surely maps to itself: Hazelcast's guard
            // throws here exactly as it does for a departed member's port that a reconnect met as itself.
            RuntimeException refused = catchThrowableOfType(
                    RuntimeException.class, () -> server.getContext().shouldConnectTo(node.getThisAddress()));
            assertThat(refused).hasMessageStartingWith("Connecting to self!");
            assertThat(PanicHandler.verdict(false, refused))
                    .as("while the node runs, not only while it leaves")
                    .isEqualTo(PanicHandler.Verdict.NOISE);
        } finally {
            hazelcast.getLifecycleService().terminate();
        }
        RuntimeException sameWords = new RuntimeException("Connecting to self! [127.0.0.1]:5701");
        assertThat(PanicHandler.verdict(false, sameWords))
                .as("the same words thrown elsewhere")
                .isEqualTo(PanicHandler.Verdict.PANIC);
    }

    private static Config loneMember() {
        Config config = new Config().setClusterName(TestClusters.uniqueName("self-connect"));
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.getNetworkConfig().setPort(0).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        return config;
    }
}
