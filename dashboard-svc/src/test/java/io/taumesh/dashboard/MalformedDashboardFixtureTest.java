package io.taumesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.FixtureException;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.testing.MalformedCorpus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Malformed dashboard fixtures")
@ExtendWith(VertxExtension.class)
class MalformedDashboardFixtureTest {

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases("dashboard-fixture");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("is refused whole, or its case rejected, naming the field")
    void refused(MalformedCorpus.Case c, Vertx vertx) throws Exception {
        FixtureLoader loader = new FixtureLoader(new RuntimeProfile(
                        DashboardRuntime.RUNTIME,
                        "channel_id",
                        new DashboardCaseProcessor(
                                new ChannelViews(), new ControlRouter(vertx), CanaryDecisions.none()),
                        DashboardGate.INSTANCE)
                .fixtureFormat());
        FieldError error;
        try {
            FixtureEntry first = loader.load(c.file()).entries().get(0);
            assertThat(first).as("the case is rejected").isInstanceOf(FixtureEntry.Malformed.class);
            error = ((FixtureEntry.Malformed) first).problem();
        } catch (FixtureException e) {
            assertThat(e.getCause()).as(e.getMessage()).isInstanceOf(FieldError.class);
            error = (FieldError) e.getCause();
        }
        assertThat(error.field()).as("%s: %s", c, error.getMessage()).isEqualTo(c.field());
    }
}
