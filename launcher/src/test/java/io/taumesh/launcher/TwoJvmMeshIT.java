package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Two service JVMs form one mesh")
class TwoJvmMeshIT {

    static final Pattern JOINED = Pattern.compile("joined cluster '[^']+' as member (\\S+), node (\\S+) ");
    static final Pattern OPS = Pattern.compile(" ops (http://\\S+)");
    static final Pattern READY = Pattern.compile(": ready;");
    static final Duration START = Duration.ofSeconds(60);

    static Path jar(String property) {
        return Path.of(System.getProperty(property, "missing-system-property-" + property));
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "gateway and supervisor jars join over loopback, answer across JVMs with x-request-id kept, and a SIGKILLed member is seen to leave within 10 s")
    void requestReplyAcrossJvmsThenMemberLoss() throws Exception {
        String cluster = TestClusters.uniqueName("two-jvm");
        try (ChildJvm gateway = ChildJvm.start(
                "gateway-svc",
                jar("tau.jar.gateway"),
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                "none")) {
            Matcher gatewayJoined = gateway.awaitLine(JOINED, START);
            String gatewayOps = gateway.awaitLine(OPS, START).group(1);
            gateway.awaitLine(READY, START);

            try (ChildJvm supervisor = ChildJvm.start(
                    "supervisor-svc",
                    jar("tau.jar.supervisor"),
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    gatewayJoined.group(1))) {
                Matcher supervisorJoined = supervisor.awaitLine(JOINED, START);
                supervisor.awaitLine(READY, START);
                assertThat(MeshHttp.memberCount(gatewayOps))
                        .as("members seen by the gateway JVM")
                        .isEqualTo(2);

                // The gateway JVM asks tau.supervisor.status over the event bus; the supervisor JVM answers.
                HttpResponse<String> status = MeshHttp.get(
                        gatewayOps + "/mesh/status/supervisor",
                        "x-request-id",
                        "two-jvm-req-1",
                        "traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                JsonObject body = new JsonObject(status.body());
                assertThat(body.getString("service")).isEqualTo("supervisor");
                assertThat(body.getString("node_id"))
                        .isEqualTo(supervisorJoined.group(2))
                        .isNotEqualTo(gatewayJoined.group(2));
                assertThat(body.getString("member")).isEqualTo(supervisorJoined.group(1));
                assertThat(body.getInteger("schema_version")).isEqualTo(1);
                assertThat(status.headers().firstValue("x-request-id")).contains("two-jvm-req-1");
                assertThat(status.headers().firstValue("traceparent"))
                        .hasValueSatisfying(tp -> assertThat(tp).startsWith("00-0af7651916cd43dd8448eb211c80319c-"));

                supervisor.kill();
                long killedAt = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MeshHttp.memberCount(gatewayOps) == 1);
                Duration seen = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(MeshHttp.memberCount(gatewayOps))
                        .as("members after SIGKILL (waited %s)", seen)
                        .isEqualTo(1);
                assertThat(seen).isLessThanOrEqualTo(Duration.ofSeconds(10));
                System.out.println("member loss seen " + seen.toMillis() + " ms after SIGKILL");

                // With its peer gone the gateway JVM stops routing to it: once the dead member's registrations are
                // dropped (a request caught in between times out with 504), it answers 503 instead of waiting.
                int code = 0;
                for (int attempt = 0; attempt < 4 && code != 503; attempt++) {
                    code = MeshHttp.get(gatewayOps + "/mesh/status/supervisor").statusCode();
                    assertThat(code).isIn(503, 504);
                }
                assertThat(code).isEqualTo(503);
                // Ready again once the departed member's partitions have moved (the cluster check is down meanwhile).
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> MeshHttp.get(gatewayOps + "/readiness").statusCode() == 200);
            }

            gateway.terminate();
            assertThat(gateway.awaitExit(Duration.ofSeconds(30)))
                    .as(gateway.transcript())
                    .isZero();
            assertThat(String.join("\n", gateway.stderr())).contains("member left");
        }
    }
}
