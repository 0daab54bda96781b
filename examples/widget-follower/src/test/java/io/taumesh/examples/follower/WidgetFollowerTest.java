package io.taumesh.examples.follower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taumesh.client.MeshClient;
import io.taumesh.client.MeshSubscription;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.ChannelViewsAnswer;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.testkit.RunningMesh;
import io.taumesh.testkit.TauMeshExtension;
import io.taumesh.testkit.TauMeshOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The follower against a real mesh, which the test kit starts for this class and stops after it. */
@ExtendWith(TauMeshExtension.class)
@TauMeshOptions(args = {"--dashboard-cycle-interval-ms", "0"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WidgetFollowerTest {

    @Test
    void followsTheWidgetViewsOfACycle(RunningMesh mesh, MeshClient client) throws Exception {
        LinkedBlockingQueue<WidgetView> views = new LinkedBlockingQueue<>();
        MeshSubscription following = new WidgetFollower(client).follow(views::add).await(10, TimeUnit.SECONDS);

        Path fixture = Path.of(getClass().getResource("/sample-widgets.json").toURI());
        assertTrue(mesh.feed(MeshService.DASHBOARD, fixture).accepted());
        assertTrue(mesh.runCycle(MeshService.DASHBOARD).accepted());

        // The runner's own views come on the stream as its cycle commits them.
        WidgetView health = null;
        while (health == null) {
            WidgetView next = views.poll(60, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("no dashboard.health view of a cycle within 60 s");
            }
            if (next.id().equals("dashboard.health") && next.data().get("cycle_id") != null) {
                health = next;
            }
        }
        assertEquals("healthy", health.data().get("health_state"));
        assertTrue(WidgetFollower.line(health).startsWith("dashboard.health #"));

        // The channel's widgets, as the fixture's cases left them: the gauge at its last value.
        ChannelViewsAnswer channel = client.channelViews("sample").await(10, TimeUnit.SECONDS);
        WidgetView gauge = channel.views().stream()
                .filter(v -> v.id().contains("queue-depth"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no queue-depth view in " + channel.views()));
        assertEquals(7, gauge.data().get("value"));
        following.cancel().await(10, TimeUnit.SECONDS);
    }

    @Test
    void pausesAndResumesTheGateway(MeshClient client) throws Exception {
        List<ControlResult> steps = new WidgetFollower(client)
                .pauseAndResume(MeshService.GATEWAY)
                .await(30, TimeUnit.SECONDS);

        assertEquals(List.of("pause", "resume"), steps.stream().map(ControlResult::action).toList());
        assertTrue(steps.stream().allMatch(ControlResult::accepted));
        assertFalse(client.runnerStatus(MeshService.GATEWAY).await(10, TimeUnit.SECONDS).progress().queue().paused());
    }
}
