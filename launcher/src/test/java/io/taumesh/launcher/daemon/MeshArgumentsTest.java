package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.launcher.TauMeshCommandAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

@DisplayName("The mesh flags handed to the daemon")
class MeshArgumentsTest {

    private static String abs(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    @Test
    @DisplayName(
            "every mesh flag given is passed on, path flags absolute (given or defaulted), the command's own flags not")
    void passedOn() {
        ParseResult parsed = TauMeshCommandAccess.parse(
                "--daemon-start",
                "--daemon-state-dir",
                "d",
                "--cluster-name",
                "c1",
                "--cluster-lite-member",
                "--runtime-heartbeat-enabled=false",
                "--runtime-heartbeat-interval-ms",
                "3000",
                "--gateway-fixture",
                "f/a.json,f/b.json",
                "--services",
                "supervisor,gateway");
        List<String> args = MeshArguments.of(parsed);
        assertThat(args).containsSubsequence("--cluster-name", "c1");
        assertThat(args).contains("--cluster-lite-member", "--runtime-heartbeat-enabled=false");
        assertThat(args).containsSubsequence("--runtime-heartbeat-interval-ms", "3000");
        assertThat(args)
                .containsSubsequence("--gateway-fixture", abs("f/a.json"), "--gateway-fixture", abs("f/b.json"));
        assertThat(args).containsSubsequence("--services", "supervisor,gateway");
        assertThat(args).containsSubsequence("--gateway-state-dir", abs(".tau/gateway"));
        assertThat(args).containsSubsequence("--dashboard-state-dir", abs(".tau/dashboard"));
        assertThat(args)
                .containsSubsequence("--runtime-heartbeat-state-path", abs(".tau/runtime-heartbeat/state.json"));
        assertThat(args).containsSubsequence("--runtime-self-repair-tool-builds-dir", abs(".tau/tool-builds"));
        assertThat(args)
                .as("where local commands find the daemon's nodes")
                .containsSubsequence("--discovery-dir", abs(".tau/nodes"));
        assertThat(args)
                .doesNotContain("--daemon-start", "--daemon-state-dir", "d", "--cluster-port", "--supervisor-config");
        // What the daemon gets parses back to the same mesh.
        assertThat(TauMeshCommandAccess.parse(args.toArray(String[]::new)).errors())
                .isEmpty();
    }

    @Test
    @DisplayName("a discovery dir of 'none' is passed on as the word")
    void discoveryNone() {
        List<String> args = MeshArguments.of(TauMeshCommandAccess.parse("--daemon-start", "--discovery-dir", "none"));
        assertThat(args).containsSubsequence("--discovery-dir", "none");
    }

    @Test
    @DisplayName("overrides replace what the command line says, booleans as --flag=value")
    void overrides() {
        ParseResult parsed = TauMeshCommandAccess.parse("--onboard", "--cluster-name", "c1");
        List<String> args =
                MeshArguments.of(parsed, Map.of("--cluster-name", "c2", "--runtime-heartbeat-enabled", "false"));
        assertThat(args)
                .containsSubsequence("--cluster-name", "c2")
                .doesNotContain("c1")
                .contains("--runtime-heartbeat-enabled=false");
    }
}
