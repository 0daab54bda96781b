package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The browser dashboard in real Chromium (Debian's chromium and chromedriver) against a running mesh. */
// Alone: a browser, a mesh and its page's 30 s waits on 2 cores leave no room for another mesh beside them.
@Tag("alone")
@DisplayName("Web UI in Chromium")
class WebUiBrowserIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String TOKEN = "it-operator-token-0123456789";
    static final String VIEWER_SECRET = "it-viewer-secret-0123456789";
    /** {@code --bg} of each theme (style.css), as the browser computes it. */
    static final String LIGHT_BACKGROUND = "rgb(246, 248, 250)";

    static final String DARK_BACKGROUND = "rgb(15, 20, 25)";

    @TempDir
    Path work;

    @Test
    @Timeout(240)
    @DisplayName(
            "without the token the page is locked; with it widgets fill, a failing fixture turns the gate to hold, controls apply, and the page resyncs after losing its connection")
    void dashboard() throws Exception {
        requireTools("WebUiBrowserIT", "chromium chromium-driver", CHROMIUM, CHROMEDRIVER);

        // A port the OS picked, held by the web UI across its restart below so that the page can come back to it.
        int uiPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            uiPort = probe.getLocalPort();
        }
        String cluster = TestClusters.uniqueName("webui");
        // A viewer who may sign in besides the token (docs/security.md, named operators).
        Path operators = work.resolve("operators.json");
        Files.writeString(
                operators,
                "{\"schema_version\": 1, \"operators\": [{\"name\": \"vera\", \"role\": \"viewer\", \"secret_sha256\": \""
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(VIEWER_SECRET.getBytes(StandardCharsets.UTF_8)))
                        + "\"}]}");
        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                cluster,
                "--ui-port",
                String.valueOf(uiPort),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                work.resolve("s.sock").toString(),
                "--gateway-state-dir",
                work.resolve("gw").toString(),
                "--dashboard-state-dir",
                work.resolve("db").toString(),
                // A trail of its own: the supervisor's default dir is shared by every mesh started in this dir.
                "--supervisor-state-dir",
                work.resolve("sv").toString(),
                "--gateway-fixture",
                TauMeshLauncherIT.fixture("gateway", "failure-streak.json"),
                "--gateway-queue-limit",
                "2",
                "--gateway-cycle-interval-ms",
                "1000",
                "--ui-token",
                TOKEN,
                "--operators",
                operators.toString())) {
            String member =
                    mesh.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START).group(1);
            String url = mesh.awaitLine(Pattern.compile("web-ui: dashboard (http://\\S+)/#token="), TwoJvmMeshIT.START)
                    .group(1);
            mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            String ingress = mesh.awaitErrLine(Pattern.compile("ingress (http://\\S+)/v1/actors/"), TwoJvmMeshIT.START)
                    .group(1);

            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class);
                browser.get(url + "/");
                wait.until(d ->
                        "connected".equals(d.findElement(By.id("connection")).getText()));
                // Without the token the page gets nothing of the mesh: the bridge refuses its snapshot and its actions.
                wait.until(d -> text(d, "#mode").equals("locked: the operator token is needed"));
                assertThat(browser.findElements(By.cssSelector("#supervisor tr[data-child=gateway]")))
                        .as("no view without the token")
                        .isEmpty();
                Object refused = ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                "const done = arguments[0]; tauBus.request('ui.control', {action: {target: 'gateway', action: 'pause'}}).then(done);");
                assertThat(refused).isInstanceOf(Map.class);
                assertThat(((Map<?, ?>) refused).get("failed")).isEqualTo(true);
                // Internal addresses are out of the browser's reach, token or not.
                Object internal = ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                "const done = arguments[0]; tauBus.request('tau.gateway.control', {action: 'pause'}).then(done);");
                assertThat(((Map<?, ?>) internal).get("failed")).isEqualTo(true);
                assertThat(((Map<?, ?>) internal).get("reason")).isEqualTo("access_denied");

                // With the token the page draws the mesh: the failing fixture's cycles arrive live, health failing,
                // gate hold.
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                browser.findElement(By.cssSelector("#token-form button")).click();
                wait.until(d -> text(d, "#mode").equals("operator · admin"));
                wait.until(
                        d -> text(d, "[data-runtime=gateway] [data-field=gate]").equals("gate hold"));
                wait.until(d ->
                        text(d, "[data-runtime=gateway] [data-field=health]").equals("failing"));
                assertThat(text(browser, "[data-runtime=gateway] [data-field=gate-reason]"))
                        .isEqualTo("failure_streak_threshold_breached");
                // The ingress's requests per actor on the gateway's card: two taken, one refused.
                assertThat(text(browser, "[data-runtime=gateway] [data-field=ingress]"))
                        .startsWith("ingress: no HTTP request yet");
                for (String body : List.of(
                        "{\"kind\":\"message\",\"text\":\"hi\"}", "{\"kind\":\"ping\"}", "{\"kind\":\"shout\"}")) {
                    HttpResponse<String> answer = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(ingress + "/v1/actors/it-actor/requests"))
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .header("content-type", "application/json")
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202, 400);
                }
                wait.until(d -> text(d, "[data-runtime=gateway] tr[data-actor=it-actor]")
                        .matches("it-actor\\s+2\\s+1\\s+0\\s+3"));
                // How old the runtime's views are on this page: the dashboard sends each again every 5 s.
                wait.until(d ->
                        text(d, "[data-runtime=gateway] [data-field=views-age]").matches("views \\d+ s old"));
                wait.until(d -> !d.findElements(By.cssSelector("#supervisor tr[data-child=gateway]"))
                        .isEmpty());

                // The runtime's history, read from the runner's own event log: its cycles on one axis, the failing
                // ones as red bands; the choice of runtime and window is in the page's address.
                wait.until(
                        d -> text(d, "#history-summary").matches("gateway, last 1 h: \\d+ cycles? in 120 buckets .*"));
                assertThat(browser.findElements(By.cssSelector("#history rect.band-health")))
                        .hasSize(120);
                wait.until(d -> !d.findElements(By.cssSelector("#history rect.band-health.failing"))
                        .isEmpty());
                assertThat(browser.findElements(By.cssSelector("#history svg.history-chart polyline")))
                        .isNotEmpty();
                // Beside the charts, why the gate holds: the rule's numbers from the runner's decision record.
                wait.until(d -> text(d, "#history-why").contains("gate hold (failure_streak_threshold_breached)"));
                assertThat(text(browser, "#history-why"))
                        .containsPattern("failure_streak \\d+ >= threshold 2 \\(cycles [\\d, ]+\\)")
                        .contains("./tau-mesh --explain gateway:gate:");
                browser.findElement(By.cssSelector("#history button[data-choice=window][data-value='5m']"))
                        .click();
                wait.until(d -> d.getCurrentUrl().contains("runtime=gateway&window=5m")
                        && text(d, "#history-summary").startsWith("gateway, last 5 min: "));

                // Each member with the services it hosts: this node runs the runners, the relay is a process of its
                // own.
                wait.until(d -> d.findElements(By.cssSelector("#cluster li[data-member]")).stream()
                        .anyMatch(li -> li.getText().contains("(this node)")
                                && li.getText().contains("gateway, dashboard")));
                wait.until(d -> d.findElements(By.cssSelector("#cluster li[data-member]")).stream()
                        .anyMatch(li -> li.getText().matches(".* · relay · protocol \\d+")));
                // Under its budget, what a crash loop would come to (docs/decisions.md).
                assertThat(text(browser, "#supervisor tr[data-child=gateway] [data-field=restart-forecast]"))
                        .matches("crash loop: \\d+ restarts?, \\d+\\.\\d s");
                // A button that cannot apply says why: releasing a child that is not quarantined.
                assertThat(browser.findElement(By.cssSelector(
                                        "#supervisor tr[data-child=gateway] button[data-action=release_child]"))
                                .getAttribute("title"))
                        .isEqualTo("not quarantined");
                // Pausing asks to be confirmed: the first click only arms the button, the second applies it.
                clickAction(wait, "gateway", "pause");
                wait.until(d -> text(d, "[data-runtime=gateway] button[data-action=pause]")
                        .equals("confirm pause?"));
                // The action refused while the page was locked is in the dashboard's trail, and nothing else yet.
                wait.until(d -> d.findElements(By.cssSelector("#audit li[data-service]"))
                                .size()
                        == 1);
                assertThat(text(browser, "#audit li[data-service=dashboard]"))
                        .contains("refused")
                        .contains("pause gateway")
                        .contains("no operator token");
                clickAction(wait, "gateway", "pause");
                // In the dashboard's trail as from this page, and in the gateway's as routed by the dashboard.
                wait.until(d -> !d.findElements(By.cssSelector("#audit li.accepted[data-service=dashboard]"))
                                .isEmpty()
                        && !d.findElements(By.cssSelector("#audit li.accepted[data-service=gateway]"))
                                .isEmpty());
                assertThat(text(browser, "#audit li[data-service=dashboard]"))
                        .contains("accepted")
                        .contains("pause gateway")
                        .contains("from web-ui 127.0.0.1:");
                assertThat(text(browser, "#audit li[data-service=gateway]")).contains("from dashboard");
                // The request trail of that action: its hop through the dashboard and the gateway, on their nodes, and
                // the gateway cycle it ran in; from a cycle, its event and the widget updates that followed.
                clickWhenDrawn(wait, "#audit li.accepted[data-service=dashboard] button[data-action=trail]");
                wait.until(d -> d.findElements(By.cssSelector("#trail li[data-step=hop]"))
                                .size()
                        >= 2);
                assertThat(text(browser, "#trail"))
                        .contains("x-request-id ")
                        .contains("dashboard on node ")
                        .contains("gateway on node ")
                        .contains("(from dashboard)")
                        .containsPattern("gateway cycle \\d+");
                clickWhenDrawn(wait, "[data-runtime=gateway] ol.events button[data-action=trail]");
                wait.until(d -> text(d, "#trail [data-field=trail-of]").startsWith("gateway cycle "));
                wait.until(d -> !d.findElements(By.cssSelector("#trail li[data-step=widget]"))
                        .isEmpty());
                assertThat(text(browser, "#trail li[data-step=event]"))
                        .containsPattern("gateway cycle \\d+ at .*: (healthy|degraded|failing), processed \\d+");
                assertThat(text(browser, "#trail li[data-step=widget]")).startsWith("widget gateway.");
                // The runner's status comes to the page: paused, so pausing again cannot apply and says why.
                wait.until(d ->
                        text(d, "[data-runtime=gateway] [data-field=paused]").equals("paused"));
                // The supervisor's runtime heartbeat comes with it: the age of the runner's last event, not stuck.
                wait.until(d -> text(d, "[data-runtime=gateway] [data-field=heartbeat]")
                        .replaceAll("\\s+", " ")
                        .matches("· heartbeat: (last event \\d+ s old|no event yet), not stuck"));
                wait.until(d -> "already paused"
                        .equals(d.findElement(By.cssSelector("[data-runtime=gateway] button[data-action=pause]"))
                                .getAttribute("title")));
                // An action with a wrong token is refused and audited to every page, above the accepted one.
                ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                "const done = arguments[0]; tauBus.request('ui.control', "
                                        + "{action: {target: 'gateway', action: 'resume'}, token: 'a-guessed-token-00000000'}).then(done);");
                wait.until(
                        d -> d.findElements(By.cssSelector("#audit li.refused")).size() == 2);
                assertThat(browser.findElements(By.cssSelector("#audit li[data-service]"))
                                .get(0)
                                .getText())
                        .contains("refused")
                        .contains("resume gateway")
                        .contains("a wrong operator token");

                // A click whose answer is lost is "unknown", not "rejected"; clicked again, the same intent carries
                // the same idempotency key, so the mesh answers with the first application instead of applying it
                // a second time.
                ((JavascriptExecutor) browser)
                        .executeScript("const real = tauBus.request.bind(tauBus);"
                                + "tauBus.request = (address, body, headers) => { tauBus.request = real;"
                                + " real(address, body, headers);"
                                + " return Promise.resolve({failed: true, reason: 'no answer within 10 s'}); };");
                clickAction(wait, "dashboard", "reset_streak");
                wait.until(d -> text(d, "#audit").contains("unknown")
                        && d.findElements(By.cssSelector("#audit li.accepted[data-service=dashboard]"))
                                        .size()
                                == 2);
                clickAction(wait, "dashboard", "reset_streak");
                wait.until(d ->
                        !d.findElements(By.cssSelector("#audit li.duplicate")).isEmpty());
                assertThat(text(browser, "#audit li.duplicate"))
                        .contains("accepted")
                        .contains("reset_streak dashboard")
                        .contains("already applied");
                assertThat(browser.findElements(
                                By.cssSelector("#audit li.accepted[data-service=dashboard]:not(.duplicate)")))
                        .as("applied once")
                        .hasSize(2);
                // The trails are the services', not the page's: a reloaded page lists them again, and filters them.
                browser.navigate().refresh();
                wait.until(d -> d.findElements(By.cssSelector("#audit li.accepted[data-service=dashboard]"))
                                .size()
                        == 3);
                assertThat(browser.findElements(By.cssSelector("#audit li.duplicate")))
                        .hasSize(1);
                new Select(browser.findElement(By.id("audit-result"))).selectByVisibleText("refused");
                wait.until(d -> d.findElements(By.cssSelector("#audit li[data-service]"))
                                .size()
                        == 2);
                assertThat(text(browser, "#audit li[data-service]")).contains("a wrong operator token");
                new Select(browser.findElement(By.id("audit-result"))).selectByVisibleText("all");

                // Resuming applies at once (no confirmation), and the page shows the runner running again.
                clickAction(wait, "gateway", "resume");
                wait.until(d ->
                        text(d, "[data-runtime=gateway] [data-field=paused]").equals("running"));

                // The supervisor says why it is in its state; a child quarantined from the page shows its reason, and
                // releasing it, which could not apply before, now can.
                assertThat(text(browser, "#supervisor [data-field=supervisor-reason]"))
                        .isNotBlank();
                clickChild(wait, "relay", "quarantine_child");
                wait.until(d -> text(d, "#supervisor tr[data-child=relay] button[data-action=quarantine_child]")
                        .equals("confirm quarantine?"));
                clickChild(wait, "relay", "quarantine_child");
                wait.until(d -> !text(d, "#supervisor tr[data-child=relay] [data-field=quarantine-reason]")
                        .isBlank());
                // Lifting the quarantine takes a reason: without one the button says so; the reason is kept with the
                // release's marker.
                By release = By.cssSelector("#supervisor tr[data-child=relay] button[data-action=release_child]");
                wait.until(d -> d.findElement(release).getAttribute("title").startsWith("needs a reason"));
                browser.findElement(By.id("child-reason")).sendKeys("relay socket dir fixed");
                wait.until(d -> d.findElement(release).isEnabled());
                clickChild(wait, "relay", "release_child");
                wait.until(d -> text(d, "#supervisor tr[data-child=relay] [data-field=quarantine-reason]")
                                .isBlank()
                        && "not quarantined"
                                .equals(d.findElement(By.cssSelector(
                                                "#supervisor tr[data-child=relay] button[data-action=release_child]"))
                                        .getAttribute("title")));

                // The quarantine is kept by the supervisor and marked on the history's axis at its time.
                wait.until(d -> text(d, "#history-summary").matches(".*supervisor and members: .*quarantined 1.*")
                        && !d.findElements(By.cssSelector("#history rect.marker.quarantined"))
                                .isEmpty());
                assertThat(browser.findElement(By.cssSelector("#history rect.marker.quarantined title"))
                                .getAttribute("textContent"))
                        .contains("quarantined relay");
                wait.until(d -> d.findElements(By.cssSelector("#history rect.marker.released title")).stream()
                        .anyMatch(t -> t.getAttribute("textContent").contains("relay socket dir fixed")));

                // Each runner's last cycle and its age, kept current by the page.
                assertThat(text(browser, "[data-runtime=gateway] [data-field=last-cycle]"))
                        .matches("· last cycle #\\d+, \\d+ (s|min) ago");

                // Canary decisions (runbook 000): a hold recorded from the page stops every phase, with its reason,
                // until it is resumed; each decision is kept by the dashboard and in its audit trail.
                wait.until(d -> !d.findElements(By.cssSelector("#canary tr[data-phase=canary-1]"))
                        .isEmpty());
                assertThat(text(browser, "#canary [data-field=canary-signoff]")).isEqualTo("not signed off");
                recordCanary(browser, "hold", "waiting for the load test");
                wait.until(d -> text(d, "#canary [data-field=canary-stopped]").equals("held"));
                assertThat(text(browser, "#canary tr[data-phase=general-availability]"))
                        .contains("promotion held by the operator")
                        .contains("waiting for the load test");
                assertThat(text(browser, "#canary [data-field=canary-promotable]"))
                        .isEqualTo("none");
                wait.until(d -> text(d, "#audit li[data-service=dashboard]")
                        .contains("canary_hold dashboard waiting for the load test"));
                recordCanary(browser, "resume", "load test passed");
                wait.until(d -> d.findElements(By.cssSelector("#canary [data-field=canary-stopped]"))
                        .isEmpty());
                assertThat(text(browser, "#canary [data-field=canary-latest]"))
                        .contains("resume")
                        .contains("load test passed");

                saveScreenshot(browser);

                // Themes: the system's by default (light, emulated here), the operator's choice over it.
                ChromeDriver chrome = (ChromeDriver) browser;
                chrome.executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
                wait.until(d -> background(d).equals(LIGHT_BACKGROUND));
                assertThat(text(browser, "#theme")).isEqualTo("theme: auto");
                browser.findElement(By.id("theme")).click();
                assertThat(text(browser, "#theme")).isEqualTo("theme: light");
                browser.findElement(By.id("theme")).click();
                wait.until(d -> background(d).equals(DARK_BACKGROUND));
                browser.findElement(By.id("theme")).click();
                wait.until(d -> background(d).equals(LIGHT_BACKGROUND));
                // A phone's 360 px: one column, nothing wider than the screen (wide tables scroll in their card).
                chrome.executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", true));
                wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return window.innerWidth === 360"
                                + " && document.documentElement.scrollWidth <= window.innerWidth")));
                chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
                chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));

                // Lose the connection for 6 s, long enough for the dashboard to send every view again (each 5 s):
                // the badge says so, then the page reconnects and gets exactly the updates it missed, no snapshot.
                String before = browser.findElement(By.tagName("body")).getAttribute("data-snapshot-loaded");
                String resumedBefore =
                        String.valueOf(browser.findElement(By.tagName("body")).getAttribute("data-resumed"));
                ((JavascriptExecutor) browser).executeScript("tauBus.drop(6000);");
                wait.until(d ->
                        "reconnecting".equals(d.findElement(By.id("connection")).getText()));
                wait.until(d -> "connected"
                                .equals(d.findElement(By.id("connection")).getText())
                        && !String.valueOf(d.findElement(By.tagName("body")).getAttribute("data-resumed"))
                                .equals(resumedBefore));
                assertThat(browser.findElement(By.tagName("body")).getAttribute("data-snapshot-loaded"))
                        .as("caught up, not redrawn from a snapshot")
                        .isEqualTo(before);
                assertThat(text(browser, "[data-runtime=gateway] [data-field=gate]"))
                        .isEqualTo("gate hold");
                // What happened is said, and stays said once the connection is back.
                String note = text(browser, "#connection-note");
                Matcher caughtUp = Pattern.compile("Reconnected at .+ after \\d+\\.\\d s without a connection; the page"
                                + " caught up on the (\\d+) updates? it missed\\.")
                        .matcher(note);
                assertThat(caughtUp.matches()).as(note).isTrue();
                assertThat(Integer.parseInt(caughtUp.group(1)))
                        .as("the views sent again while it was away")
                        .isPositive();

                // Kill the server side: the supervisor restarts the web UI, whose server closes every connection.
                String resynced = browser.findElement(By.tagName("body")).getAttribute("data-snapshot-loaded");
                TauMeshLauncherIT.Result restart = supervisorCommand(cluster, member, "restart", "webui");
                assertThat(restart.out()).contains("CommandResult::Accepted");
                wait.until(d -> "connected"
                                .equals(d.findElement(By.id("connection")).getText())
                        && !String.valueOf(d.findElement(By.tagName("body")).getAttribute("data-snapshot-loaded"))
                                .equals(resynced));
                wait.until(
                        d -> text(d, "[data-runtime=gateway] [data-field=gate]").equals("gate hold"));
                // A restarted web UI numbers its updates anew: the page cannot catch up, and draws itself again.
                assertThat(text(browser, "#connection-note"))
                        .matches("Reconnected at .+ after \\d+\\.\\d s without a connection; the page loaded a fresh"
                                + " snapshot\\.");

                // A second tab, where a viewer signs in: everything shows, no control applies, and an action forced
                // past
                // the page is refused at the bridge and audited with who asked; then the tab is closed, a normal
                // disconnect, which the first tab does not notice.
                String first = browser.getWindowHandle();
                browser.switchTo().newWindow(WindowType.TAB);
                browser.get(url + "/");
                wait.until(d ->
                        "connected".equals(d.findElement(By.id("connection")).getText()));
                browser.findElement(By.id("token")).sendKeys(VIEWER_SECRET);
                browser.findElement(By.cssSelector("#token-form button")).click();
                wait.until(d -> text(d, "#mode").equals("vera · viewer"));
                wait.until(
                        d -> text(d, "[data-runtime=gateway] [data-field=gate]").equals("gate hold"));
                // The card redraws its buttons on every view update: each look finds the button again.
                By pauseOrResume = By.cssSelector("[data-runtime=gateway] button[data-action=pause], "
                        + "[data-runtime=gateway] button[data-action=resume]");
                wait.until(d -> !d.findElement(pauseOrResume).isEnabled()
                        && String.valueOf(d.findElement(pauseOrResume).getAttribute("title"))
                                .startsWith("needs the operator role (signed in as vera, viewer)"));
                Object forced = ((JavascriptExecutor) browser)
                        .executeAsyncScript("const done = arguments[0]; tauBus.request('ui.control', {action: {target: "
                                + "'gateway', action: 'resume', idempotency_key: 'viewer-1'}, token: '" + VIEWER_SECRET
                                + "'}).then(done);");
                assertThat(((Map<?, ?>) forced).get("failed")).isEqualTo(true);
                // The operators file changes under the running mesh (vera's secret past its end): read again within
                // seconds, and the page, signing in again, says whose sign-in ended and what to do.
                Files.writeString(
                        operators,
                        Files.readString(operators)
                                .replace("\"}]}", "\", \"expires_at\": \"2026-01-01T00:00:00Z\"}]}"));
                mesh.awaitErrLine(
                        Pattern.compile("web-ui: the operators file .* changed: 1 named operator"), TwoJvmMeshIT.START);
                browser.findElement(By.cssSelector("#token-form button")).click();
                wait.until(d -> text(d, "#mode").equals("locked: vera's secret expired at 2026-01-01T00:00:00Z"));
                assertThat(text(browser, "#sign-in-note"))
                        .contains("--operator-remove vera, then --operator-add vera")
                        .contains("then sign in with it");
                browser.close();
                browser.switchTo().window(first);
                wait.until(d ->
                        "connected".equals(d.findElement(By.id("connection")).getText()));
                wait.until(d -> text(d, "#audit").contains("vera (viewer) may not resume: it needs the operator role"));
                assertThat(text(browser, "#audit")).contains(" as vera");

                // The dashboard stops (quarantined): its views stop coming, and past twice its re-send interval each
                // runtime's card says its numbers may be old.
                TauMeshLauncherIT.Result quarantine = supervisorCommand(cluster, member, "quarantine", "dashboard");
                assertThat(quarantine.out()).contains("CommandResult::Accepted");
                wait.until(d -> d.findElement(By.cssSelector("[data-runtime=gateway]"))
                        .getAttribute("class")
                        .contains("stale"));
                assertThat(text(browser, "[data-runtime=gateway] [data-field=views-age]"))
                        .matches("stale: no view from the dashboard for \\d+ s \\(it sends each view every 5 s\\).*");
            } finally {
                browser.quit();
            }
            // Closed tabs, a dropped connection and a restarted web UI server are normal operation: a stop after
            // them leaves a log with no stack trace and no SEVERE line.
            mesh.terminate();
            assertThat(mesh.awaitExit(Duration.ofSeconds(60)))
                    .as(mesh.transcript())
                    .isZero();
            QuietStopIT.assertQuiet(mesh.transcript(), mesh.stderr());
        }
    }

    /**
     * Skips the test, loudly, where one of {@code tools} is missing on a developer's machine; in CI (where {@code CI} is
     * set) a missing tool fails it.
     */
    static void requireTools(String test, String packages, String... tools) {
        boolean present = Arrays.stream(tools).allMatch(t -> new File(t).canExecute());
        if (!present && System.getenv("CI") == null) {
            System.err.println("!!! SKIPPED: " + test + " needs " + String.join(", ", tools) + " (apt-get install "
                    + packages + "); it runs for real in CI !!!");
        }
        Assumptions.assumeTrue(present || System.getenv("CI") != null, packages + " not installed (and CI is unset)");
        assertThat(present).as("CI must have " + String.join(", ", tools)).isTrue();
    }

    /** The page's background as computed: {@code --bg} of the theme in force. */
    static String background(WebDriver d) {
        return String.valueOf(
                ((JavascriptExecutor) d).executeScript("return getComputedStyle(document.body).backgroundColor"));
    }

    /** The element's text; the page redraws a card on every update, so a reference that went stale is looked up again. */

    /** Records a canary decision from the page's form. */
    private static void recordCanary(WebDriver browser, String decision, String reason) {
        new Select(browser.findElement(By.id("canary-decision"))).selectByValue(decision);
        browser.findElement(By.id("canary-reason")).sendKeys(reason);
        browser.findElement(By.id("canary-record")).click();
    }

    static String text(WebDriver d, String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                var found = d.findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt >= 10) {
                    throw redrawn;
                }
            }
        }
    }

    static WebDriver chromium() {
        return chromium(new ChromeOptions());
    }

    /** Headless Chromium with the suite's arguments on top of {@code options}. */
    static WebDriver chromium(ChromeOptions options) {
        options.setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Clicks a child's action button, again if the page redrew it under the click. */
    /** A supervisor command from the CLI, as an operator gives it to the mesh under test (a lite member of its cluster). */
    private static TauMeshLauncherIT.Result supervisorCommand(
            String cluster, String member, String command, String child) throws Exception {
        return TauMeshLauncherIT.tauMesh(
                "--supervisor-command",
                command,
                "--supervisor-child",
                child,
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                member);
    }

    /** Clicks what {@code css} finds, again if the page redrew it under the click. */
    private static void clickWhenDrawn(WebDriverWait wait, String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private static void clickChild(WebDriverWait wait, String child, String action) {
        wait.until(d -> {
            d.findElement(By.cssSelector("#supervisor tr[data-child=" + child + "] button[data-action=" + action + "]"))
                    .click();
            return true;
        });
    }

    /** Clicks a runtime's action button, again if the page redrew it under the click. */
    static void clickAction(WebDriverWait wait, String runtime, String action) {
        wait.until(d -> {
            d.findElement(By.cssSelector("[data-runtime=" + runtime + "] button[data-action=" + action + "]"))
                    .click();
            return true;
        });
    }

    private static void saveScreenshot(WebDriver browser) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = TauMeshLauncherIT.repoRoot()
                .resolve("launcher")
                .resolve("target")
                .resolve("dashboard.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("dashboard screenshot: " + target);
    }
}
