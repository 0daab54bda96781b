package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Each image built by -Pimages declares how it runs: entrypoint, user, ports, env and labels")
class ImageConfigIT {

    @BeforeAll
    static void built() {
        MeshImage.assumeBuilt();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MeshImage.class)
    @DisplayName(
            "the OCI archive's config runs the module's main class on the image's own java, as an unprivileged user")
    void configOfEachImage(MeshImage image) throws Exception {
        OciArchive archive = OciArchive.read(image.archive());
        assertThat(archive.hasLayout())
                .as("an OCI image layout (oci-layout, index.json)")
                .isTrue();
        assertThat(archive.manifest().getString("mediaType")).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonObject config = archive.config();
        assertThat(config.getString("architecture")).isEqualTo("amd64");
        assertThat(config.getString("os")).isEqualTo("linux");
        JsonObject run = config.getJsonObject("config");

        assertThat(archive.entrypoint())
                .startsWith("java")
                .endsWith("-cp", "@/app/jib-classpath-file", image.mainClass)
                .contains(
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.net.preferIPv4Stack=true",
                        "-Dkeystore.pkcs12.keyPbeIterationCount=1",
                        "java.base/java.lang=ALL-UNNAMED",
                        "java.base/sun.nio.ch=ALL-UNNAMED")
                .anySatisfy(arg -> assertThat(arg).startsWith("-XX:MaxRAMPercentage="));
        assertThat(run.getJsonArray("Cmd"))
                .as("no arguments of its own: flags and env configure it")
                .isNull();
        assertThat(run.getString("User")).isEqualTo(MeshImage.USER);
        assertThat(run.getString("WorkingDir")).isEqualTo(MeshImage.DATA_DIR);
        assertThat(run.getJsonObject("Volumes").fieldNames()).containsExactly(MeshImage.DATA_DIR);
        assertThat(run.getJsonObject("ExposedPorts").fieldNames())
                .containsExactlyInAnyOrderElementsOf(
                        image.ports.stream().map(p -> p + "/tcp").toList());

        assertThat(archive.env("PATH")).startsWith("/opt/tau/jre/bin:");
        for (Map.Entry<String, String> env : MeshImage.COMMON_ENV.entrySet()) {
            assertThat(archive.env(env.getKey())).as(env.getKey()).isEqualTo(env.getValue());
        }
        for (Map.Entry<String, String> env : image.env.entrySet()) {
            assertThat(archive.env(env.getKey())).as(env.getKey()).isEqualTo(env.getValue());
        }
        // The address other members reach is the deploy's to give (a pod's IP, a compose service's name).
        assertThat(archive.env("TAU_CLUSTER_HOST")).as("TAU_CLUSTER_HOST").isNull();

        // Class-data sharing archives classes from jars only: a class folder on the classpath would rule out AppCDS.
        Map<String, OciArchive.LayerFile> app = archive.layerFiles(path -> path.startsWith("app/"));
        assertThat(app.keySet())
                .as("the module as a jar, no class folders")
                .noneMatch(path -> path.startsWith("app/classes/") || path.startsWith("app/resources/"))
                .contains(
                        "app/classpath/" + image.jar().getFileName().toString().replace(".jar", "-thin.jar"));

        // A service image carries the class-data archive of its own first start; the all-in-one has none.
        Map<String, OciArchive.LayerFile> appArchive = archive.layerFiles(path -> path.equals("opt/tau/app.jsa"));
        if (image == MeshImage.ALL_IN_ONE) {
            assertThat(appArchive).isEmpty();
            assertThat(archive.entrypoint()).noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile="));
        } else {
            assertThat(appArchive.get("opt/tau/app.jsa").size())
                    .as("/opt/tau/app.jsa, the application class-data archive")
                    .isGreaterThan(1 << 20);
            assertThat(archive.entrypoint()).contains("-Xshare:auto", "-XX:SharedArchiveFile=/opt/tau/app.jsa");
        }

        JsonObject labels = run.getJsonObject("Labels");
        assertThat(labels.getString("org.opencontainers.image.title")).isEqualTo(image.imageName);
        assertThat(labels.getString("org.opencontainers.image.version")).isEqualTo(System.getProperty("tau.version"));
        assertThat(labels.getString("org.opencontainers.image.source")).isNotBlank();
    }

    @Test
    @DisplayName(
            "the base layers hold a jlink runtime with its class-data archive, the libraries it links, /bin/sh for "
                    + "healthchecks, and the tau user")
    void runtimeLayers() throws Exception {
        OciArchive archive = OciArchive.read(MeshImage.SUPERVISOR.archive());
        Map<String, OciArchive.LayerFile> files = archive.layerFiles(path -> path.equals("opt/tau/jre/bin/java")
                || path.equals("opt/tau/jre/lib/server/classes.jsa")
                || path.equals("opt/tau/jre/release")
                || path.equals("lib64/ld-linux-x86-64.so.2")
                || path.equals("lib/x86_64-linux-gnu/libc.so.6")
                || path.equals("lib/x86_64-linux-gnu/libz.so.1")
                || path.equals("etc/passwd")
                || path.startsWith("app/libs/mesh-core")
                || path.equals("bin/bash")
                || path.equals("bin/sh"));
        assertThat(files)
                .containsKeys(
                        "opt/tau/jre/bin/java",
                        "opt/tau/jre/lib/server/classes.jsa",
                        "lib64/ld-linux-x86-64.so.2",
                        "lib/x86_64-linux-gnu/libc.so.6",
                        "lib/x86_64-linux-gnu/libz.so.1",
                        "etc/passwd");
        assertThat(files.get("opt/tau/jre/bin/java").mode() & 0777).isEqualTo(0755);
        assertThat(files.get("lib64/ld-linux-x86-64.so.2").mode() & 0777).isEqualTo(0755);
        assertThat(files.get("etc/passwd").text()).contains("tau:x:10001:10001:");
        String release = files.get("opt/tau/jre/release").text();
        assertThat(release)
                .contains("JAVA_VERSION=\"17")
                .contains("java.base")
                .contains("jdk.crypto.ec")
                .doesNotContain("java.desktop")
                .doesNotContain("jdk.compiler");
        assertThat(files.keySet()).anySatisfy(path -> assertThat(path).startsWith("app/libs/mesh-core"));
        assertThat(files).as("a service image has no login shell").doesNotContainKey("bin/bash");
        assertThat(files.get("bin/sh").mode() & 0777)
                .as("/bin/sh (dash), which podman-compose runs every healthcheck through")
                .isEqualTo(0755);
    }

    @Test
    @DisplayName(
            "the all-in-one image adds bash for its supervisor's process children, and holds each service's classes once")
    void allInOneLayers() throws Exception {
        OciArchive archive = OciArchive.read(MeshImage.ALL_IN_ONE.archive());
        Map<String, OciArchive.LayerFile> files =
                archive.layerFiles(path -> path.equals("bin/bash") || path.startsWith("app/libs/"));
        assertThat(files.get("bin/bash").mode() & 0777).isEqualTo(0755);
        for (String module : List.of("supervisor-svc", "gateway-svc", "dashboard-svc", "relay-svc", "web-ui")) {
            assertThat(files.values())
                    .filteredOn(f -> f.path().startsWith("app/libs/" + module + "-"))
                    .singleElement()
                    .satisfies(jar -> assertThat(jar.size())
                            .as(module + ": its own classes, not a runnable jar")
                            .isLessThan(1 << 20));
        }
    }
}
