package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The numbered updates a reconnecting page catches up from")
class ViewHubTest {

    private final ViewHub hub = new ViewHub(new UiMetrics(new SimpleMeterRegistry()));

    private void push(int n) {
        for (int i = 0; i < n; i++) {
            hub.push(i % 2 == 0 ? Addresses.UI_VIEW_AUDIT : Addresses.UI_VIEW_LINK, new JsonObject().put("n", i));
        }
    }

    @Test
    @DisplayName("a page gets exactly the updates after the last it heard, in order, whatever their address")
    void exactlyWhatItMissed() {
        push(5);
        ViewHub.Position at = hub.position();
        assertThat(at.seq()).isEqualTo(5);
        assertThat(hub.since(at.epoch(), 2).orElseThrow())
                .extracting(ViewHub.Sent::seq)
                .containsExactly(3L, 4L, 5L);
        assertThat(hub.since(at.epoch(), 2).orElseThrow().get(0).address()).isEqualTo(Addresses.UI_VIEW_AUDIT);
        assertThat(hub.since(at.epoch(), 5).orElseThrow()).as("nothing missed").isEmpty();
        assertThat(hub.since(at.epoch(), 0).orElseThrow()).hasSize(5);
    }

    @Test
    @DisplayName("another epoch, a number never reached, or one older than the ring: a snapshot instead")
    void snapshotInstead() {
        push(ViewHub.RING + 10);
        ViewHub.Position at = hub.position();
        assertThat(hub.since("another web UI", at.seq() - 1)).isEmpty();
        assertThat(hub.since(at.epoch(), at.seq() + 1)).isEmpty();
        assertThat(hub.since(at.epoch(), 9))
                .as("update 10 is gone from the ring")
                .isEmpty();
        assertThat(hub.since(at.epoch(), 10).orElseThrow())
                .as("the oldest kept is 11: all after 10 are there")
                .hasSize(ViewHub.RING);
    }
}
