package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@DisplayName("A usage error is said in a line, not buried under the usage")
class UsageErrorsTest {

    @Command(name = "probe", mixinStandardHelpOptions = true)
    static final class Probe implements Runnable {
        @Option(names = "--queue-limit", paramLabel = "N")
        int queueLimit;

        @Override
        public void run() {}
    }

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        int exit = UsageErrors.on(new CommandLine(new Probe()))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new String[] {String.valueOf(exit), err.toString()};
    }

    @Test
    @DisplayName("a bad value names the flag; an unknown flag gets its close match; both exit 2 and point to --help")
    void oneLine() {
        String[] bad = run("--queue-limit", "many");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1])
                .startsWith("probe: Invalid value for option '--queue-limit': 'many' is not an int")
                .contains("(probe --help lists every flag)")
                .doesNotContain("Usage:");
        String[] typo = run("--queue-limt", "5");
        assertThat(typo[0]).isEqualTo("2");
        assertThat(typo[1]).contains("Unknown options: '--queue-limt'").contains("--queue-limit");
        assertThat(typo[1]).doesNotContain("Usage:");
    }
}
