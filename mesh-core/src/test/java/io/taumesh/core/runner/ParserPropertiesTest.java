package io.taumesh.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.Seeds;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.security.PathConfinement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Generated inputs for the parsers of mesh-core: whatever comes in, the answer is a result or an error naming a field. */
@Label("Parser properties")
class ParserPropertiesTest {

  static final FixtureLoader LOADER = new FixtureLoader(RunnerHistoryTest.NUMBERS);
  private static Path root;

  @BeforeContainer
  static void makeRoot() throws IOException {
    root = Files.createTempDirectory("tau-confine-");
    Files.writeString(Files.createDirectories(root.resolve("gateway")).resolve("a.json"), "{}");
  }

  @AfterContainer
  static void removeRoot() throws IOException {
    Files.deleteIfExists(root.resolve("gateway").resolve("a.json"));
    Files.deleteIfExists(root.resolve("gateway"));
    Files.deleteIfExists(root);
  }

  /** Values a hostile or careless writer puts anywhere: wrong types, paths, huge and odd strings, nesting. */
  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.of("../../etc/passwd", "..", ".", "/", "a/b", "", " ", "\u0000", "x".repeat(5000), "message", "ping",
            "c-1", "ch-1", "alice").map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(new JsonArray().add(1).add("two")).map(a -> (Object) a),
        Arbitraries.just(new JsonObject().put("nested", new JsonObject().put("deeper", List.of(1, 2)))).map(o -> (Object) o));
  }

  @Provide
  Arbitrary<List<JsonObject>> caseLists() {
    return oneCase().list().ofMaxSize(5);
  }

  Arbitrary<JsonObject> oneCase() {
    Arbitrary<String> names = Arbitraries.of("case_id", "channel_id", "value", "expect", "simulate", "note", "colour", "");
    return Combinators.combine(names.list().ofMaxSize(6), values().list().ofMaxSize(6)).as((keys, vals) -> {
      JsonObject c = new JsonObject();
      for (int i = 0; i < Math.min(keys.size(), vals.size()); i++) {
        c.put(keys.get(i), vals.get(i));
      }
      return c;
    });
  }

  @Property(tries = 500)
  @Label("any bytes: a fixture, or a refusal whose cause names a field")
  void anyBytes(@ForAll byte[] bytes) {
    try {
      LOADER.parse(Path.of("f.json"), bytes);
    } catch (FixtureException e) {
      assertThat(e.getCause()).isInstanceOf(FieldError.class);
    }
  }

  @Property(tries = 500)
  @Label("any text: a fixture, or a refusal whose cause names a field")
  void anyText(@ForAll String text) {
    try {
      LOADER.parse(Path.of("f.json"), text.getBytes(StandardCharsets.UTF_8));
    } catch (FixtureException e) {
      assertThat(e.getCause()).isInstanceOf(FieldError.class);
    }
  }

  @Property(tries = 500)
  @Label("any cases: each is run with a safe id and channel, or rejected naming a field under cases[i]")
  void anyCases(@ForAll("caseLists") List<JsonObject> cases) throws Exception {
    JsonObject fixture = new JsonObject().put("schema_version", 1).put("cases", new JsonArray(List.copyOf(cases)));
    LoadedFixture loaded = LOADER.parse(Path.of("f.json"), fixture.encode().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < loaded.entries().size(); i++) {
      FixtureEntry entry = loaded.entries().get(i);
      if (entry instanceof FixtureEntry.Malformed bad) {
        assertThat(bad.problem().field()).startsWith("cases[" + i + "]");
      } else {
        FixtureEntry.Valid ok = (FixtureEntry.Valid) entry;
        assertThat(ok.caseId()).matches(FixtureLoader.CASE_ID);
        assertThat(ok.channelId()).matches(FixtureLoader.CHANNEL_ID).isNotIn(".", "..");
      }
    }
  }

  @Property(tries = 300)
  @Label("any object as state.json: a state, or an error naming a field")
  void anyState(@ForAll("stateLike") Map<String, Object> fields) {
    try {
      MeshJson.fromJson(new JsonObject(fields), RunnerState.class);
    } catch (FieldError e) {
      assertThat(e.field()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> stateLike() {
    Arbitrary<String> names = Arbitraries.of("schema_version", "runtime", "cycle_count", "failure_streak", "counters",
        "queue_depth", "queue_limit", "health_state", "rollout_gate", "last_cycle", "fixture_cursors");
    return Arbitraries.maps(names, values()).ofMaxSize(11).map(m -> {
      java.util.Map<String, Object> copy = new java.util.HashMap<>(m);
      copy.putIfAbsent("schema_version", 1);
      return copy;
    });
  }

  @Property(tries = 1000)
  @Label("any replay path: a regular file under the fixtures dir, or a refusal naming fixture")
  void anyReplayPath(@ForAll("paths") String given) throws IOException {
    PathConfinement confined = new PathConfinement(root, "fixture");
    try {
      Path resolved = confined.resolve(given);
      assertThat(resolved).startsWith(root.toRealPath());
      assertThat(Files.isRegularFile(resolved)).isTrue();
    } catch (FieldError e) {
      assertThat(e.field()).isEqualTo("fixture");
    }
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> parts = Arbitraries.of("..", ".", "gateway", "a.json", "", "/", "etc", "passwd", "~", "%2e%2e", "\u0000");
    return Arbitraries.oneOf(parts.list().ofMaxSize(6).map(l -> String.join("/", l)), Arbitraries.strings().ofMaxLength(30));
  }

  @Property(tries = 1000)
  @Label("any seed member: accepted as host[:port[-port]] within bounds, or refused with a reason")
  void anyMember(@ForAll("members") String member) {
    try {
      new ClusterSettings("c", "127.0.0.1", 0, List.of(member), 0);
      assertThat(Seeds.parse(member, ClusterSettings.DEFAULT_PORT).portCount()).isBetween(1, 64);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("cluster member");
    }
  }

  @Provide
  Arbitrary<String> members() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
        Combinators.combine(Arbitraries.of("127.0.0.1", "host", "[::1]", "a b", ""), Arbitraries.integers().between(-5, 70_000),
            Arbitraries.integers().between(-5, 70_000)).as((h, a, b) -> h + ":" + a + "-" + b));
  }
}
