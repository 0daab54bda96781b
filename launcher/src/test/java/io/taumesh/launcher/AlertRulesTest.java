package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules and the Prometheus config under Debian's promtool: checked, and unit-tested firing and not. */
@DisplayName("Alert rules under promtool")
class AlertRulesTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    record Run(int exit, String output) {}

    @BeforeAll
    static void promtoolPresent() {
        boolean present = Files.isExecutable(PROMTOOL);
        if (!present && System.getenv("CI") == null) {
            System.err.println("!!! SKIPPED: AlertRulesTest needs " + PROMTOOL
                    + " (apt-get install prometheus); it runs for real in CI !!!");
        }
        Assumptions.assumeTrue(present || System.getenv("CI") != null, "promtool is not installed (and CI is unset)");
        assertThat(present).as("CI must have " + PROMTOOL).isTrue();
    }

    static Run promtool(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Run(p.exitValue(), output);
    }

    @Test
    @DisplayName("promtool check rules and check config pass")
    void check() throws Exception {
        int alerts = MonitoringAssets.alerts().size();
        Run rules = promtool(MonitoringAssets.prometheusDir(), "check", "rules", "tau-mesh-alert-rules.yaml");
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: " + alerts + " rules found");
        Run config = promtool(MonitoringAssets.prometheusDir(), "check", "config", "prometheus.yml");
        assertThat(config.exit()).as(config.output()).isZero();
    }

    @Test
    @DisplayName("promtool test rules passes")
    void unitTests() throws Exception {
        Run run = promtool(
                MonitoringAssets.prometheusDir().resolve("tests"), "test", "rules", "tau-mesh-alert-rules.test.yaml");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    @DisplayName("the unit tests see every alert fire for the labels in trouble, and not fire")
    @SuppressWarnings("unchecked")
    void everyAlertFiresAndDoesNot() throws Exception {
        Set<String> fired = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>)
                MonitoringAssets.yaml(MonitoringAssets.ruleTestsFile()).get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : fired).add((String) check.get("alertname"));
            }
        }
        List<String> alerts = MonitoringAssets.alerts().stream()
                .map(MonitoringAssets.Alert::name)
                .toList();
        assertThat(fired).as("alerts the unit tests see firing").containsAll(alerts);
        assertThat(quiet).as("alerts the unit tests see quiet").containsAll(alerts);
    }

    @Test
    @DisplayName("the unit tests fail when the thresholds move: they test the rules, not themselves")
    void unitTestsBite(@TempDir Path copy) throws Exception {
        Files.createDirectories(copy.resolve("tests"));
        Files.copy(MonitoringAssets.ruleTestsFile(), copy.resolve("tests/tau-mesh-alert-rules.test.yaml"));
        StringBuilder moved = new StringBuilder();
        for (String line : Files.readAllLines(MonitoringAssets.rulesFile())) {
            // Only an expression's last line ends with a comparison to a number. Each threshold is moved out of reach:
            // an alert that fired must fall silent.
            Matcher m = MonitoringAssets.TRAILING_COMPARISON.matcher(line);
            if (m.find()) {
                String far = m.group(1).startsWith("<") ? "0" : String.valueOf(Double.parseDouble(m.group(2)) * 10 + 1);
                line = line.substring(0, m.start(2)) + far + line.substring(m.end(2));
            }
            moved.append(line).append('\n');
        }
        Files.writeString(copy.resolve("tau-mesh-alert-rules.yaml"), moved);
        Run run = promtool(copy.resolve("tests"), "test", "rules", "tau-mesh-alert-rules.test.yaml");
        assertThat(run.exit()).as(run.output()).isNotZero();
        for (String alert : MonitoringAssets.alerts().stream()
                .map(MonitoringAssets.Alert::name)
                .toList()) {
            assertThat(run.output())
                    .as("the unit tests notice " + alert + " moved")
                    .contains("alertname: " + alert + ",");
        }
    }
}
