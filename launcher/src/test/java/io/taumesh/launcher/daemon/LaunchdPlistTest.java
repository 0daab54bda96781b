package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

@DisplayName("launchd agent of the daemon")
class LaunchdPlistTest {

    @TempDir
    Path work;

    @Test
    @DisplayName(
            "is a property list (read by Python's plistlib where present) that runs the daemon's command, kept alive after a failure")
    void plist() throws Exception {
        DaemonLaunch launch = DaemonTestLaunch.of(work);
        DaemonPaths paths = new DaemonPaths(work.resolve("daemon"));
        String text = LaunchdPlist.render(launch, paths);
        Path file = Files.writeString(work.resolve(DaemonPaths.LAUNCHD_LABEL + ".plist"), text);

        JsonObject plist = readWithDom(text);
        readWithPlistlib(file)
                .ifPresent(python -> assertThat(python)
                        .as("plistlib reads what the DOM reads")
                        .isEqualTo(plist));
        assertThat(plist.getString("Label")).isEqualTo("io.tau.coding-agent");
        assertThat(plist.getJsonArray("ProgramArguments").getList()).isEqualTo(launch.command(paths));
        assertThat(plist.getString("WorkingDirectory")).isEqualTo(work.toString());
        assertThat(plist.getJsonObject("EnvironmentVariables").getMap()).isEqualTo(launch.environment());
        assertThat(plist.getBoolean("RunAtLoad")).isTrue();
        assertThat(plist.getJsonObject("KeepAlive").getBoolean("SuccessfulExit"))
                .isFalse();
        assertThat(plist.getInteger("ExitTimeOut")).isEqualTo(SystemdUnits.STOP_TIMEOUT_SECONDS);
        assertThat(plist.getString("StandardOutPath")).isEqualTo(paths.logFile().toString());
        assertThat(plist.getString("StandardErrorPath"))
                .isEqualTo(paths.logFile().toString());
    }

    /** Python's own property-list parser, as JSON; empty when there is no python3 with plistlib here. */
    private Optional<JsonObject> readWithPlistlib(Path file) throws Exception {
        if (HostTools.find("python3").isEmpty()) {
            System.err.println(
                    "note: no python3 here; the plist is checked with the JDK's XML parser against the plist structure");
            return Optional.empty();
        }
        Process p = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], 'rb'), fmt=plistlib.FMT_XML)))",
                        file.toString())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("plistlib: " + err).isZero();
        return Optional.of(new JsonObject(out));
    }

    /** The plist DTD's structure, checked by hand: {@code plist version 1.0} holding one dict of key/value pairs. */
    static JsonObject readWithDom(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc =
                    factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            assertThat(doc.getDoctype().getPublicId()).isEqualTo("-//Apple//DTD PLIST 1.0//EN");
            Element root = doc.getDocumentElement();
            assertThat(root.getTagName()).isEqualTo("plist");
            assertThat(root.getAttribute("version")).isEqualTo("1.0");
            List<Element> top = elements(root);
            assertThat(top).hasSize(1);
            return (JsonObject) value(top.get(0));
        } catch (Exception e) {
            throw new AssertionError("not a property list: " + e, e);
        }
    }

    private static Object value(Element e) {
        return switch (e.getTagName()) {
            case "dict" -> {
                JsonObject dict = new JsonObject();
                List<Element> children = elements(e);
                assertThat(children.size() % 2)
                        .as("a dict holds key/value pairs")
                        .isZero();
                for (int i = 0; i < children.size(); i += 2) {
                    assertThat(children.get(i).getTagName()).isEqualTo("key");
                    dict.put(children.get(i).getTextContent(), value(children.get(i + 1)));
                }
                yield dict;
            }
            case "array" ->
                new JsonArray(elements(e).stream().map(LaunchdPlistTest::value).toList());
            case "string" -> e.getTextContent();
            case "integer" -> Integer.parseInt(e.getTextContent());
            case "true" -> true;
            case "false" -> false;
            default -> throw new AssertionError("unexpected plist element <" + e.getTagName() + ">");
        };
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }
}
