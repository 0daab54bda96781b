package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, the Grafana dashboard and docs/operations.md agree: every alert is documented and drawn with its
 * threshold, every documented alert exists, and they all speak of bounded labels only.
 */
@DisplayName("Monitoring assets agree")
class MonitoringAssetsTest {

    /** The labels the mesh's metrics may carry, besides Prometheus's own job and instance. */
    static final Set<String> BOUNDED_LABELS = Set.of(
            "runtime",
            "outcome",
            "reason_code",
            "action",
            "result",
            "state",
            "gate",
            "guardrail",
            "child",
            "exit_kind",
            "crash_class",
            "promotable_to",
            "reason",
            "server",
            "status_class",
            "direction",
            "change",
            "le",
            "job",
            "instance");

    @Test
    @DisplayName(
            "every alert has a for, a severity, a summary and a runbook_url to its own section of docs/operations.md")
    void rulesAreComplete() throws Exception {
        List<MonitoringAssets.Alert> alerts = MonitoringAssets.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(20);
        assertThat(alerts.stream().map(MonitoringAssets.Alert::name).distinct()).hasSameSizeAs(alerts);
        for (MonitoringAssets.Alert alert : alerts) {
            assertThat(alert.name()).as("alert name").matches("TauMesh[A-Z][A-Za-z0-9]+");
            assertThat(alert.forDuration()).as(alert.name() + " for").matches("[0-9]+[smh]");
            assertThat(alert.labels().get("severity"))
                    .as(alert.name() + " severity")
                    .isIn("warning", "critical");
            assertThat(alert.annotations().get("summary"))
                    .as(alert.name() + " summary")
                    .isNotBlank();
            assertThat(alert.annotations().get("runbook_url"))
                    .as(alert.name() + " runbook_url")
                    .isEqualTo("docs/operations.md#" + MonitoringAssets.anchor(alert.name()));
            assertThat(alert.threshold()).as(alert.name() + " threshold").isNotNull();
        }
    }

    @Test
    @DisplayName(
            "every alert has a section of docs/operations.md with its threshold, meaning and actions, and every section names a real alert")
    void docsAndRulesAgree() throws Exception {
        Map<String, String> sections = MonitoringAssets.alertSections();
        Map<String, MonitoringAssets.Alert> alerts = MonitoringAssets.alerts().stream()
                .collect(Collectors.toMap(a -> MonitoringAssets.anchor(a.name()), a -> a));
        assertThat(new TreeSet<>(sections.keySet())).as("documented alerts").isEqualTo(new TreeSet<>(alerts.keySet()));
        alerts.forEach((anchor, alert) -> {
            String section = sections.get(anchor);
            assertThat(section)
                    .as(alert.name() + " section")
                    .contains("Threshold")
                    .contains("Meaning")
                    .contains("Actions")
                    .contains("for " + alert.forDuration())
                    .contains(alert.labels().get("severity"));
            String threshold =
                    alert.threshold().value() == Math.rint(alert.threshold().value())
                            ? String.valueOf((long) alert.threshold().value())
                            : String.valueOf(alert.threshold().value());
            assertThat(section)
                    .as(alert.name() + " states its threshold's number")
                    .contains(threshold);
        });
    }

    @Test
    @DisplayName(
            "the dashboard takes its datasource as a variable, has a row per service, and every panel has a unit and queries")
    void dashboardShape() throws Exception {
        JsonObject dashboard = MonitoringAssets.dashboard();
        JsonObject variable =
                dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
        assertThat(variable.getString("type")).isEqualTo("datasource");
        assertThat(variable.getString("query")).isEqualTo("prometheus");
        assertThat(MonitoringAssets.rows())
                .extracting(r -> r.getString("title").toLowerCase())
                .anySatisfy(t -> assertThat(t).contains("runner"))
                .anySatisfy(t -> assertThat(t).contains("projection"))
                .anySatisfy(t -> assertThat(t).contains("supervisor"))
                .anySatisfy(t -> assertThat(t).contains("relay"))
                .anySatisfy(t -> assertThat(t).contains("web ui"))
                .anySatisfy(t -> assertThat(t).contains("http"));
        for (MonitoringAssets.Panel panel : MonitoringAssets.panels()) {
            assertThat(panel.datasourceUid())
                    .as(panel.title() + " datasource")
                    .isEqualTo("${" + variable.getString("name") + "}");
            assertThat(panel.unit()).as(panel.title() + " unit").isNotBlank();
            assertThat(panel.exprs())
                    .as(panel.title() + " queries")
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e).isNotBlank());
            assertThat(panel.description()).as(panel.title() + " description").isNotBlank();
        }
    }

    @Test
    @DisplayName(
            "every alert is drawn by a panel whose threshold is the alert's (a zero threshold is drawn at the first whole incident)")
    void panelThresholdsMatchAlerts() throws Exception {
        Map<String, MonitoringAssets.Alert> alerts =
                MonitoringAssets.alerts().stream().collect(Collectors.toMap(MonitoringAssets.Alert::name, a -> a));
        Set<String> drawn = new TreeSet<>();
        for (MonitoringAssets.Panel panel : MonitoringAssets.panels()) {
            if (panel.alert().isEmpty()) {
                continue;
            }
            MonitoringAssets.Alert alert = alerts.get(panel.alert().get());
            assertThat(alert)
                    .as(panel.title() + " names an alert that exists: "
                            + panel.alert().get())
                    .isNotNull();
            drawn.add(alert.name());
            double threshold = alert.threshold().value();
            double expected = threshold == 0 ? 1 : threshold;
            assertThat(panel.stepValues())
                    .as(panel.title() + " thresholds for " + alert.name())
                    .contains(expected);
            assertThat(panel.exprs())
                    .as(panel.title() + " reads what " + alert.name() + " reads")
                    .anySatisfy(e -> assertThat(MonitoringAssets.metricNames(e))
                            .containsAnyElementsOf(MonitoringAssets.metricNames(alert.expr())));
        }
        assertThat(drawn).as("alerts drawn on the dashboard").isEqualTo(new TreeSet<>(alerts.keySet()));
    }

    @Test
    @DisplayName("rules and panels group and match on bounded labels only, and read tau_ metrics (and up)")
    void boundedLabelsOnly() throws Exception {
        for (MonitoringAssets.Alert alert : MonitoringAssets.alerts()) {
            assertThat(MonitoringAssets.labelNames(alert.expr()))
                    .as(alert.name())
                    .isSubsetOf(BOUNDED_LABELS);
            assertThat(MonitoringAssets.metricNames(alert.expr()))
                    .as(alert.name())
                    .isNotEmpty();
        }
        for (MonitoringAssets.Panel panel : MonitoringAssets.panels()) {
            for (String expr : panel.exprs()) {
                assertThat(MonitoringAssets.labelNames(expr)).as(panel.title()).isSubsetOf(BOUNDED_LABELS);
                assertThat(MonitoringAssets.metricNames(expr)).as(panel.title()).isNotEmpty();
            }
        }
    }

    @Test
    @DisplayName("the metrics table of docs/operations.md and the meters the code registers name the same metrics")
    void documentedMetricsAreTheRegisteredOnes() throws Exception {
        Set<String> documented = MonitoringAssets.documentedMetrics();
        assertThat(documented).hasSizeGreaterThan(40);
        Set<String> registered = registeredMeters();
        // Prometheus names a counter <name>_total and a timer <name>_seconds.
        assertThat(documented)
                .allSatisfy(name -> assertThat(registered)
                        .as("a meter named %s in main code", name)
                        .containsAnyOf(name, name.replaceAll("_total$", ""), name.replaceAll("_seconds$", "")));
        assertThat(registered)
                .allSatisfy(meter -> assertThat(documented)
                        .as("meter %s in the metrics table of docs/operations.md", meter)
                        .containsAnyOf(meter, meter + "_total", meter + "_seconds"));
    }

    /** Literals that are not meter names: the keys a node gives its services' deployment config. */
    private static final Set<String> NOT_METERS = Set.of("tau_node", "tau_operators_file");

    /** The meter names in main code: every {@code "tau_..."} literal (builders and scoped gauges take them). */
    private static Set<String> registeredMeters() throws Exception {
        Set<String> registered = new TreeSet<>();
        Pattern literal = Pattern.compile("\"(tau_[a-z0-9_]+)\"");
        try (Stream<Path> files = Files.walk(MonitoringAssets.root())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")
                            && f.toString().contains("/src/main/")
                            && !f.toString().contains("/bench/"))
                    .toList()) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    registered.add(m.group(1));
                }
            }
        }
        registered.removeAll(NOT_METERS);
        return registered;
    }
}
