package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@DisplayName("Node flags")
class NodeFlagsTest {

    @Command
    static final class Holder {
        @Mixin
        NodeFlags flags;
    }

    private static NodeSettings parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.flags.toSettings();
    }

    @Test
    @DisplayName("default to a loopback node in cluster tau-mesh with free event-bus and ops ports")
    void defaults() {
        // The defaults come from TAU_* variables when set; this build's test runs never set them.
        NodeSettings s = parse();
        assertThat(s.cluster().clusterName()).isEqualTo("tau-mesh");
        assertThat(s.cluster().host()).isEqualTo("127.0.0.1");
        assertThat(s.cluster().port()).isEqualTo(5701);
        assertThat(s.cluster().members()).containsExactly("127.0.0.1:5701-5710");
        assertThat(s.cluster().eventBusPort()).isZero();
        assertThat(s.opsHost()).isEqualTo("127.0.0.1");
        assertThat(s.opsPort()).isZero();
        assertThat(s.eventLoops()).isEqualTo(1);
    }

    @Test
    @DisplayName("take every setting from flags; 'none' means no seed members")
    void flags() {
        NodeSettings s = parse(
                "--cluster-name",
                "blue",
                "--cluster-host",
                "10.1.2.3",
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--eventbus-port",
                "7000",
                "--ops-host",
                "0.0.0.0",
                "--ops-port",
                "9100",
                "--event-loops",
                "4");
        assertThat(s.cluster().clusterName()).isEqualTo("blue");
        assertThat(s.cluster().host()).isEqualTo("10.1.2.3");
        assertThat(s.cluster().port()).isZero();
        assertThat(s.cluster().members()).isEmpty();
        assertThat(s.cluster().eventBusPort()).isEqualTo(7000);
        assertThat(s.opsHost()).isEqualTo("0.0.0.0");
        assertThat(s.opsPort()).isEqualTo(9100);
        assertThat(s.eventLoops()).isEqualTo(4);
        assertThat(parse("--cluster-members", "a:1,b:2-3").cluster().members()).containsExactly("a:1", "b:2-3");
    }

    @Test
    @DisplayName("reject a bad port with a message naming it")
    void badPort() {
        assertThatThrownBy(() -> parse("--ops-port", "70000")).hasMessageContaining("ops port");
        assertThatThrownBy(() -> parse("--event-loops", "0")).hasMessageContaining("event loops");
        assertThatThrownBy(() -> parse("--cluster-port", "x"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--cluster-port");
    }
}
