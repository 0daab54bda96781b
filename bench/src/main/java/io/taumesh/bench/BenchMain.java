package io.taumesh.bench;

import io.taumesh.core.node.ConsoleLogging;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bench/target/tau-bench.jar <benchmark>}; bench/run.sh runs them all. */
@Command(
        name = "tau-bench",
        mixinStandardHelpOptions = true,
        subcommands = {
            TransportBench.class,
            RunnerBench.class,
            SupervisorBench.class,
            FanoutBench.class,
            HistoryBench.class,
            HistoryQueryBench.class,
            ScrapeBench.class,
            IngressBench.class,
            OperatorBench.class,
            ControlLatencyBench.class,
            StackSummary.class,
            StartupBench.class
        },
        description =
                "Tau Mesh benchmarks. Each one measures its baseline in the same run and updates its section of bench/REPORT.md.")
public final class BenchMain implements Runnable {

    public static void main(String[] args) throws Exception {
        ConsoleLogging.configure();
        if (args.length > 0 && args[0].equals("fanout-server")) {
            FanoutServer.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("announce-child")) {
            AnnounceChild.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("echo-server")) {
            EchoServerMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
