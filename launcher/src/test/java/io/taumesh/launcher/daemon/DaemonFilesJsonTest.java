package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The daemon's state file, its status and a profile config keep their fields, in order, with their groups flat. */
@DisplayName("The daemon's files as JSON")
class DaemonFilesJsonTest {

    private static final String RECORD = "{\"schema_version\":1,\"state\":\"running\",\"pid\":42,"
            + "\"process_start_unix_ms\":43,\"started_at\":\"st\",\"ops_url\":\"http://x\",\"cluster_name\":\"cl\","
            + "\"log_file\":\"log\",\"profile\":\"systemd\",\"install\":{\"files\":[\"f\"],\"executable\":\"exe\","
            + "\"launcher_jar\":\"jar\",\"working_dir\":\"wd\",\"installed_at\":\"ia\"},\"last_transition\":{\"from\":"
            + "\"stopped\",\"to\":\"running\",\"reason\":\"mesh_ready\",\"at\":\"T\"},\"heartbeat\":null,"
            + "\"updated_at\":\"T\"}";

    @Test
    @DisplayName("state.json: its process and mesh written flat, a file of before read back the same")
    void record() {
        DaemonRecord read = MeshJson.fromJson(new JsonObject(RECORD), DaemonRecord.class);
        assertThat(read.started()).isEqualTo(new DaemonRecord.Started(42L, 43L, "st"));
        assertThat(read.mesh()).isEqualTo(new DaemonRecord.Mesh("http://x", "cl", "log"));
        assertThat(MeshJson.toJsonString(read)).isEqualTo(RECORD);
        assertThat(MeshJson.toJsonString(DaemonRecord.none()))
                .isEqualTo("{\"schema_version\":1,\"state\":\"stopped\",\"pid\":null,\"process_start_unix_ms\":null,"
                        + "\"started_at\":null,\"ops_url\":null,\"cluster_name\":null,\"log_file\":null,\"profile\":null,"
                        + "\"install\":null,\"last_transition\":null,\"heartbeat\":null,\"updated_at\":null}");
        DaemonRecord bare =
                MeshJson.fromJson(new JsonObject("{\"schema_version\":1,\"state\":\"stopped\"}"), DaemonRecord.class);
        assertThat(MeshJson.toJsonString(bare)).isEqualTo(MeshJson.toJsonString(DaemonRecord.none()));
        assertThat(bare.withLogFile("log").withMesh("http://y", "c2").mesh())
                .isEqualTo(new DaemonRecord.Mesh("http://y", "c2", "log"));
    }

    @Test
    @DisplayName("--daemon-status-json: process, mesh, profile and verdict written flat")
    void status() {
        DaemonStatus status = new DaemonStatus(
                MeshMessage.SCHEMA_VERSION,
                "/d",
                DaemonState.RUNNING,
                new DaemonStatus.Daemon(true, 42L, "/d/pid", 42L, "proc", "st"),
                new DaemonStatus.Mesh("http://x", true, "log"),
                new DaemonStatus.Installed(
                        DaemonProfile.AUTO, List.of(new DaemonStatus.ProfileFile("f", true)), "exe", "jar"),
                new DaemonRecord.Transition(DaemonState.STARTING, DaemonState.RUNNING, "r", "at"),
                new DaemonStatus.Heartbeat(true, "sp", "healthy", "ua", List.of()),
                new DaemonStatus.Verdict(
                        List.of(new Diagnostic(DiagnosticCode.SERVICE_FILE_MISSING, "m", "rem")), List.of("n"), false));
        assertThat(MeshJson.toJsonString(status))
                .isEqualTo("{\"schema_version\":1,\"state_dir\":\"/d\",\"state\":\"running\",\"running\":true,"
                        + "\"pid\":42,\"pid_file\":\"/d/pid\",\"pid_file_pid\":42,\"process\":\"proc\",\"started_at\":\"st\","
                        + "\"ops_url\":\"http://x\",\"ready\":true,\"log_file\":\"log\",\"profile\":\"auto\","
                        + "\"profile_files\":[{\"path\":\"f\",\"present\":true}],\"executable\":\"exe\","
                        + "\"launcher_jar\":\"jar\",\"last_transition\":{\"from\":\"starting\",\"to\":\"running\","
                        + "\"reason\":\"r\",\"at\":\"at\"},\"heartbeat\":{\"enabled\":true,\"state_path\":\"sp\","
                        + "\"status\":\"healthy\",\"updated_at\":\"ua\",\"reasons\":[]},\"diagnostics\":[{\"code\":"
                        + "\"service_file_missing\",\"message\":\"m\",\"remedy\":\"rem\"}],\"notes\":[\"n\"],"
                        + "\"healthy\":false}");
    }

    @Test
    @DisplayName("a profile config: its mesh settings written flat, a file of before read back the same")
    void profileConfig() {
        String json = "{\"schema_version\":1,\"profile\":\"p\",\"updated_at\":\"u\",\"cluster_name\":\"cl\","
                + "\"gateway_state_dir\":\"/g\",\"dashboard_state_dir\":\"/d\",\"relay_socket\":\"/sock\","
                + "\"runtime_heartbeat_enabled\":true,\"install_daemon\":false,\"start_daemon\":true,"
                + "\"mesh_args\":[\"--a\",\"b\"]}";
        Onboarding.ProfileConfig config = new Onboarding.ProfileConfig(
                MeshMessage.SCHEMA_VERSION,
                "p",
                "u",
                new Onboarding.ProfileConfig.Mesh("cl", "/g", "/d", "/sock", true),
                false,
                true,
                List.of("--a", "b"));
        assertThat(MeshJson.toJsonString(config)).isEqualTo(json);
        assertThat(MeshJson.fromJson(new JsonObject(json), Onboarding.ProfileConfig.class))
                .isEqualTo(config);
    }
}
