package io.taumesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.message.IngressView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ingress's requests per actor")
class IngressTallyTest {

    private static final long T0 = 1_800_000_000_000L;

    @Test
    @DisplayName("counts accepted, refused (400) and unrecorded (503) per actor, and the last minute only in it")
    void countsByAnswer() {
        IngressTally tally = new IngressTally();
        tally.count("a", 202, T0);
        tally.count("a", 200, T0 + 1_000);
        tally.count("a", 400, T0 + 2_000);
        tally.count("a", 503, T0 + 3_000);
        tally.count("b", 202, T0);
        assertThat(tally.takeChanged()).isTrue();
        assertThat(tally.takeChanged()).as("nothing since").isFalse();
        IngressView now = tally.view(10, T0 + 3_000);
        assertThat(now.actorsTracked()).isEqualTo(2);
        assertThat(now.actors())
                .containsExactly(new IngressView.Actor("a", 2, 1, 1, 4), new IngressView.Actor("b", 1, 0, 0, 1));
        IngressView later = tally.view(10, T0 + 61_500);
        assertThat(later.actors())
                .as("a minute on, only a's last two seconds are in its last minute")
                .containsExactly(new IngressView.Actor("a", 2, 1, 1, 2), new IngressView.Actor("b", 1, 0, 0, 0));
    }

    @Test
    @DisplayName("shows the busiest first, as many as asked, and forgets the least recently seen past its bound")
    void boundedAndBusiestFirst() {
        IngressTally tally = new IngressTally();
        for (int i = 0; i <= IngressTally.MAX_ACTORS; i++) {
            tally.count("actor-" + i, 202, T0);
        }
        tally.count("actor-7", 202, T0 + 1_000);
        IngressView view = tally.view(3, T0 + 1_000);
        assertThat(view.actorsTracked()).isEqualTo(IngressTally.MAX_ACTORS);
        assertThat(view.actors()).hasSize(3);
        assertThat(view.actors().get(0)).isEqualTo(new IngressView.Actor("actor-7", 2, 0, 0, 2));
        assertThat(tally.view(IngressTally.MAX_ACTORS, T0 + 1_000).actors())
                .extracting(IngressView.Actor::actorId)
                .as("the first seen, and seen once, was forgotten")
                .doesNotContain("actor-0")
                .contains("actor-1000");
    }
}
