package io.taumesh.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring assets as the tests read them: the alert rules and their promtool tests, the Prometheus config,
 * the Grafana dashboard, and the alert sections of docs/operations.md.
 */
final class MonitoringAssets {

    /** A rule of the rules file. */
    record Alert(
            String name, String expr, String forDuration, Map<String, String> labels, Map<String, String> annotations) {

        /** The comparison the expression ends with: the alert's threshold. */
        Threshold threshold() {
            Matcher m = TRAILING_COMPARISON.matcher(expr.strip());
            if (!m.find()) {
                throw new AssertionError(name + ": the expression does not end with a comparison to a number: " + expr);
            }
            return new Threshold(m.group(1), Double.parseDouble(m.group(2)));
        }
    }

    record Threshold(String operator, double value) {}

    /** A panel of the dashboard (rows left out). */
    record Panel(
            String title,
            String type,
            String description,
            List<String> exprs,
            String unit,
            List<Double> stepValues,
            String datasourceUid) {

        /** The alert whose signal the panel draws, named in its description as {@code Alert: Name}. */
        Optional<String> alert() {
            Matcher m = PANEL_ALERT.matcher(description == null ? "" : description);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    static final Pattern TRAILING_COMPARISON = Pattern.compile("(==|!=|>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*$");
    static final Pattern PANEL_ALERT = Pattern.compile("Alert: (TauMesh\\w+)");
    static final Pattern METRIC = Pattern.compile("\\b(tau_[a-z0-9_]+|up)\\b(?!\\s*\\()");
    static final Pattern LABEL_MATCHER = Pattern.compile("([a-z_]+)\\s*(?:=~|!~|!=|=)\\s*\"");
    static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|without|ignoring)\\s*\\(([^)]*)\\)");
    static final Pattern SECTION = Pattern.compile("(?m)^### (\\S+)\\s*$");

    private MonitoringAssets() {}

    /** The repository: tests run in launcher/. */
    static Path root() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    }

    static Path prometheusDir() {
        return root().resolve("deploy/monitoring/prometheus");
    }

    static Path rulesFile() {
        return prometheusDir().resolve("tau-mesh-alert-rules.yaml");
    }

    static Path ruleTestsFile() {
        return prometheusDir().resolve("tests/tau-mesh-alert-rules.test.yaml");
    }

    static Path prometheusConfig() {
        return prometheusDir().resolve("prometheus.yml");
    }

    static Path dashboardFile() {
        return root().resolve("deploy/monitoring/grafana/tau-mesh-ops-dashboard.json");
    }

    static Path operationsDoc() {
        return root().resolve("docs/operations.md");
    }

    /** The metric families named in the metrics table of docs/operations.md (its rows' second column). */
    static Set<String> documentedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(operationsDoc())) {
            if (line.startsWith("| service | metric |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                Matcher m = Pattern.compile("`(tau_[a-z0-9_]+)`").matcher(line.split("\\|")[2]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Alert> alerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> group :
                (List<Map<String, Object>>) yaml(rulesFile()).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add(new Alert(
                        (String) rule.get("alert"),
                        String.valueOf(rule.get("expr")),
                        (String) rule.get("for"),
                        (Map<String, String>) rule.getOrDefault("labels", Map.of()),
                        (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
            }
        }
        return alerts;
    }

    static JsonObject dashboard() throws IOException {
        return new JsonObject(Files.readString(dashboardFile(), StandardCharsets.UTF_8));
    }

    static List<JsonObject> rows() throws IOException {
        return dashboard().getJsonArray("panels").stream()
                .map(JsonObject.class::cast)
                .filter(p -> "row".equals(p.getString("type")))
                .toList();
    }

    static List<Panel> panels() throws IOException {
        List<Panel> panels = new ArrayList<>();
        for (Object o : dashboard().getJsonArray("panels")) {
            JsonObject p = (JsonObject) o;
            if ("row".equals(p.getString("type"))) {
                continue;
            }
            List<String> exprs = p.getJsonArray("targets", new JsonArray()).stream()
                    .map(t -> ((JsonObject) t).getString("expr"))
                    .toList();
            JsonObject defaults =
                    p.getJsonObject("fieldConfig", new JsonObject()).getJsonObject("defaults", new JsonObject());
            List<Double> steps =
                    defaults
                            .getJsonObject("thresholds", new JsonObject())
                            .getJsonArray("steps", new JsonArray())
                            .stream()
                            .map(s -> ((JsonObject) s).getDouble("value"))
                            .toList();
            JsonObject ds = p.getJsonObject("datasource", new JsonObject());
            panels.add(new Panel(
                    p.getString("title"),
                    p.getString("type"),
                    p.getString("description"),
                    exprs,
                    defaults.getString("unit"),
                    steps,
                    ds.getString("uid")));
        }
        return panels;
    }

    /** The metric names an expression reads. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The label names an expression matches on or groups by. */
    static Set<String> labelNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = LABEL_MATCHER.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        Matcher g = GROUPING.matcher(expr);
        while (g.find()) {
            for (String label : g.group(1).split(",")) {
                if (!label.isBlank()) {
                    names.add(label.strip());
                }
            }
        }
        return names;
    }

    /** The alert sections of docs/operations.md ({@code ### TauMesh...} headings), by their anchor, with their text. */
    static Map<String, String> alertSections() throws IOException {
        String doc = Files.readString(operationsDoc(), StandardCharsets.UTF_8);
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(doc);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : doc.length();
            int nextHeading = doc.indexOf("\n## ", spans.get(i)[1]);
            if (nextHeading >= 0 && nextHeading < end) {
                end = nextHeading;
            }
            if (names.get(i).startsWith("TauMesh")) {
                sections.put(anchor(names.get(i)), doc.substring(spans.get(i)[0], end));
            }
        }
        return sections;
    }

    /** A heading's anchor as GitHub makes it (a single word: lower case). */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT);
    }
}
