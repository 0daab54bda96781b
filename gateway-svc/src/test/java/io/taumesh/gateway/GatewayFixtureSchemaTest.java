package io.taumesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.testing.PublishedSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The published gateway fixture schema (docs/schemas) agrees with the loader that runs fixtures. */
@DisplayName("Gateway fixture schema")
class GatewayFixtureSchemaTest {

    private final FixtureLoader loader = new FixtureLoader(new RuntimeProfile(
                    GatewayRuntime.RUNTIME,
                    GatewayRuntime.CHANNEL_FIELD,
                    new GatewayCaseProcessor(new ActorIngress()),
                    GatewayGuardrails.DEFAULT)
            .fixtureFormat());
    private final PublishedSchema schema = PublishedSchema.named("gateway-fixture.schema.json");

    @Test
    @DisplayName("flags exactly the cases the loader rejects, in every fixture of the repository")
    void agreesWithTheLoader() throws Exception {
        try (Stream<Path> files = Files.list(GatewayTesting.FIXTURES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                LoadedFixture fixture = loader.load(file);
                Set<Integer> rejected = PublishedSchema.rejectedCases(fixture);
                Set<Integer> flagged = schema.flaggedCases(file);
                assertThat(flagged)
                        .as(file.getFileName() + ": cases the schema flags")
                        .isEqualTo(rejected);
            }
        }
    }

    @Test
    @DisplayName("refuses a file the loader refuses whole")
    void refusesWholeFiles() {
        assertThat(schema.problems(new JsonObject()
                        .put("schema_version", 2)
                        .put("runtime", "gateway")
                        .put("cases", new JsonArray())))
                .isNotEmpty();
        assertThat(schema.problems(new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "dashboard")
                        .put("cases", new JsonArray())))
                .isNotEmpty();
        assertThat(schema.problems(new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "gateway")
                        .put("cases", new JsonArray())
                        .put("extra", 1)))
                .isNotEmpty();
    }
}
