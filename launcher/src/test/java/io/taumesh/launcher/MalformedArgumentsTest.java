package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.MalformedCorpus;
import io.taumesh.core.testing.TestClusters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Each malformed command line of the corpus exits 2 with the flag at fault named, before anything starts. */
@DisplayName("Malformed command lines")
class MalformedArgumentsTest {

    @TempDir
    Path work;

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases("cli-args");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(30) // a case that wrongly passed would start a mesh
    @DisplayName("exits 2 naming the flag")
    void refused(MalformedCorpus.Case c) throws Exception {
        List<String> args = new ArrayList<>(
                Files.readAllLines(c.file()).stream().filter(l -> !l.isBlank()).toList());
        // A state dir of the test's own: should a case wrongly pass, it runs nothing that touches a real one.
        args.addAll(List.of(
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve("dashboard").toString(),
                "--dashboard-path",
                work.resolve("relay.sock").toString(),
                "--cluster-name",
                TestClusters.uniqueName("args")));
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TauMeshCommand())
                .setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter()))
                .execute(args.toArray(String[]::new));
        assertThat(exit).as("%s: %s", c, err).isEqualTo(2);
        assertThat(err.toString()).as("%s", c).contains(c.field());
        assertThat(Files.exists(work.resolve("gateway").resolve("state.json")))
                .as("%s: nothing ran", c)
                .isFalse();
    }
}
