package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser dashboard where users put it: behind Debian's nginx terminating TLS, at a sub-path, with the location
 * block the project ships ({@code deploy/nginx/tau-mesh.conf}), in real Chromium.
 */
@DisplayName("Web UI behind a TLS reverse proxy at a sub-path")
class WebUiProxyIT {

    static final String NGINX = "/usr/sbin/nginx";
    static final String OPENSSL = "/usr/bin/openssl";
    static final String TOKEN = "it-proxy-operator-token-0123456789";

    @TempDir
    Path work;

    @Test
    @Timeout(240)
    @DisplayName(
            "through nginx with TLS at /tau/: the page and its assets load, the bridge connects from the allowed origin, the token unlocks it and a pause applies")
    void behindNginx() throws Exception {
        WebUiBrowserIT.requireTools(
                "WebUiProxyIT",
                "nginx openssl chromium chromium-driver",
                NGINX,
                OPENSSL,
                WebUiBrowserIT.CHROMIUM,
                WebUiBrowserIT.CHROMEDRIVER);
        int uiPort = freePort();
        int proxyPort = freePort();
        String origin = "https://127.0.0.1:" + proxyPort;
        Path proxy = Files.createDirectories(work.resolve("nginx"));
        writeProxyConfig(proxy, proxyPort, uiPort);

        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                TestClusters.uniqueName("webui-proxy"),
                "--ui-port",
                String.valueOf(uiPort),
                "--ui-allowed-origins",
                origin,
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
                "--ui-token",
                TOKEN)) {
            mesh.awaitLine(Pattern.compile("web-ui: dashboard http://"), TwoJvmMeshIT.START);
            mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            Process nginx = startNginx(proxy, proxyPort);
            WebDriver browser = null;
            try {
                // The proxy's certificate is its own (self-signed): the browser is told to take it, as an operator
                // who trusts that proxy's CA would.
                ChromeOptions options = new ChromeOptions();
                options.setAcceptInsecureCerts(true);
                options.addArguments("--ignore-certificate-errors");
                browser = WebUiBrowserIT.chromium(options);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class);
                browser.get(origin + "/tau/#token=" + TOKEN);

                // Its bridge, at a URL relative to the page, went through the proxy and was let in for its origin.
                wait.until(d -> "connected".equals(WebUiBrowserIT.text(d, "#connection")));
                wait.until(d -> WebUiBrowserIT.text(d, "#mode").equals("operator · admin"));
                wait.until(d -> WebUiBrowserIT.text(d, "[data-runtime=gateway] [data-field=paused]")
                        .equals("running"));
                WebUiBrowserIT.clickAction(wait, "gateway", "pause");
                wait.until(d -> WebUiBrowserIT.text(d, "[data-runtime=gateway] button[data-action=pause]")
                        .equals("confirm pause?"));
                WebUiBrowserIT.clickAction(wait, "gateway", "pause");
                wait.until(d -> WebUiBrowserIT.text(d, "[data-runtime=gateway] [data-field=paused]")
                        .equals("paused"));
            } finally {
                if (browser != null) {
                    browser.quit();
                }
                // nginx writes a WebSocket's line once it closes, which the browser's quitting does.
                try {
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> Files.readString(proxy.resolve("access.log"), StandardCharsets.UTF_8)
                                    .contains("/tau/eventbus/websocket"));
                } catch (ConditionTimeoutException e) {
                    // Said by the assertion below, with the whole log.
                }
                nginx.destroy();
                if (!nginx.waitFor(20, TimeUnit.SECONDS)) {
                    nginx.destroyForcibly();
                }
            }
            String access = Files.readString(proxy.resolve("access.log"), StandardCharsets.UTF_8);
            assertThat(access)
                    .as("the page, its assets and its WebSocket all came through the proxy under /tau/")
                    .contains("\"GET /tau/ HTTP/1.1\" 200")
                    .contains("\"GET /tau/app.js HTTP/1.1\" 200")
                    .contains("\"GET /tau/eventbus/websocket HTTP/1.1\" 101");
            assertThat(access).as("nothing of the page was asked outside /tau/").doesNotContain("\"GET /eventbus");
            assertThat(access).as("no asset failed to load").doesNotContainPattern("\" (4|5)\\d\\d ");
            assertThat(String.join("\n", mesh.stderr()))
                    .as("the bridge refused no connection")
                    .doesNotContain("refused a bridge connection");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A server that terminates TLS on {@code proxyPort} and includes the shipped location block, pointed at the UI. */
    private static void writeProxyConfig(Path proxy, int proxyPort, int uiPort) throws Exception {
        String shipped = Files.readString(
                TauMeshLauncherIT.repoRoot().resolve("deploy/nginx/tau-mesh.conf"), StandardCharsets.UTF_8);
        assertThat(shipped).contains("proxy_pass http://127.0.0.1:8080/;");
        Files.writeString(
                proxy.resolve("tau-mesh.conf"),
                shipped.replace("http://127.0.0.1:8080/", "http://127.0.0.1:" + uiPort + "/"),
                StandardCharsets.UTF_8);
        Process cert = new ProcessBuilder(
                        OPENSSL,
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                        "-keyout",
                        proxy.resolve("key.pem").toString(),
                        "-out",
                        proxy.resolve("cert.pem").toString())
                .redirectErrorStream(true)
                .redirectOutput(proxy.resolve("openssl.log").toFile())
                .start();
        assertThat(cert.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cert.exitValue())
                .as(Files.readString(proxy.resolve("openssl.log")))
                .isZero();
        Files.createDirectories(proxy.resolve("tmp"));
        String dir = proxy.toString();
        // Run as root (CI), nginx's workers would switch to nobody, who cannot enter the test's private temp dir.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(
                proxy.resolve("nginx.conf"),
                user + "daemon off;\n"
                        + "worker_processes 1;\n"
                        + "pid " + dir + "/nginx.pid;\n"
                        + "error_log " + dir + "/error.log notice;\n"
                        + "events { worker_connections 64; }\n"
                        + "http {\n"
                        + "  access_log " + dir + "/access.log;\n"
                        + "  client_body_temp_path " + dir + "/tmp/body;\n"
                        + "  proxy_temp_path " + dir + "/tmp/proxy;\n"
                        + "  fastcgi_temp_path " + dir + "/tmp/fastcgi;\n"
                        + "  uwsgi_temp_path " + dir + "/tmp/uwsgi;\n"
                        + "  scgi_temp_path " + dir + "/tmp/scgi;\n"
                        + "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
                        + "  server {\n"
                        + "    listen 127.0.0.1:" + proxyPort + " ssl;\n"
                        + "    server_name 127.0.0.1;\n"
                        + "    ssl_certificate " + dir + "/cert.pem;\n"
                        + "    ssl_certificate_key " + dir + "/key.pem;\n"
                        + "    include " + dir + "/tau-mesh.conf;\n"
                        + "  }\n"
                        + "}\n",
                StandardCharsets.UTF_8);
    }

    /** nginx in the foreground, once it accepts connections on its port. */
    private static Process startNginx(Path proxy, int port) throws Exception {
        Process nginx = new ProcessBuilder(
                        NGINX,
                        "-e",
                        proxy.resolve("error.log").toString(),
                        "-p",
                        proxy.toString(),
                        "-c",
                        proxy.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(proxy.resolve("nginx.out").toFile())
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !nginx.isAlive() || accepts(port));
        assertThat(nginx.isAlive())
                .as("nginx exited: %s %s", Files.readString(proxy.resolve("nginx.out")), errorLog(proxy))
                .isTrue();
        return nginx;
    }

    private static String errorLog(Path proxy) throws IOException {
        Path log = proxy.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "(no error log)";
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
