package io.taumesh.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ingress bench's section of bench/REPORT.md: the sweep, the goals at 64 connections, two charts. */
final class IngressReport {

    static final int GOAL_CONNECTIONS = 64;
    static final double GOAL_SHARE_OF_PLAIN = 0.5;
    static final double GOAL_P99_MS = 20;
    static final double GOAL_TIMES_FSYNC = 10;

    /** The runs of both routes, what the ingress wrote meanwhile, the cycles committed, and refusals so far. */
    record Sweep(
            List<WrkRun> plain, List<WrkRun> durable, double records, double writes, double cycles, double refused) {

        WrkRun plainAt(int connections) {
            return plain.stream()
                    .filter(r -> r.connections() == connections)
                    .findFirst()
                    .orElseThrow();
        }

        WrkRun durableAt(int connections) {
            return durable.stream()
                    .filter(r -> r.connections() == connections)
                    .findFirst()
                    .orElseThrow();
        }
    }

    private final int seconds;
    private final double fsyncPerSecond;
    private final int fixtureCases;

    IngressReport(int seconds, double fsyncPerSecond, int fixtureCases) {
        this.seconds = seconds;
        this.fsyncPerSecond = fsyncPerSecond;
        this.fixtureCases = fixtureCases;
    }

    String render(Sweep idle, Sweep busy, Path report) throws Exception {
        StringBuilder md = new StringBuilder("## Durable HTTP ingress (group commit)\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "The gateway's jar runs alone (a cluster of its own, default JVM flags, `-Xmx512m`); `wrk` (Debian's "
                        + "4.1.0) loads it over loopback for %d s per run, after a warm-up. *durable* is `POST "
                        + "/v1/actors/wrk/requests`, answered 202 once the request is forced to disk (group commit: the "
                        + "requests that come while a write is in flight are forced together by the next one); *writes "
                        + "nothing* is `GET /v1/actors/wrk` on the same server. The baseline disk rate is one writer "
                        + "appending a 200-byte line and forcing it, through the runner's own append, on the same disk, "
                        + "in the same run: **%,.0f lines/s**.%n%n",
                seconds,
                fsyncPerSecond));
        md.append("| route | connections | requests/s | p50 (ms) | p99 (ms) | non-2xx |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < idle.plain().size(); i++) {
            md.append(idle.plain().get(i).row("writes nothing")).append('\n');
            md.append(idle.durable().get(i).row("durable")).append('\n');
        }
        md.append(busy.plain().get(0).row("writes nothing, cycles running")).append('\n');
        md.append(busy.durable().get(0).row("durable, cycles running")).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Over the sweep the ingress forced %,.0f writes for %,.0f requests (%.1f per write); %,.0f were refused "
                        + "for a full backlog. With cycles: a fixture of %,d cases over 50 other actors, a cycle every "
                        + "50 ms, %,.0f cycles committed during the two runs, %.1f requests per write.%n%n",
                idle.writes(),
                idle.records(),
                idle.records() / Math.max(1, idle.writes()),
                idle.refused(),
                fixtureCases,
                busy.cycles(),
                busy.records() / Math.max(1, busy.writes())));
        md.append(goals(idle, busy)).append('\n');
        md.append(charts(idle, report));
        return md.toString();
    }

    private String goals(Sweep idle, Sweep busy) {
        StringBuilder md = new StringBuilder("| at 64 connections | durable / writes nothing (>= 0.5) | durable p99 "
                + "(<= 20 ms) | durable / one fsync per line (>= 10) | writes nothing / one fsync per line (the "
                + "server's ceiling) | met |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Sweep s : List.of(idle, busy)) {
            WrkRun durable = s.durableAt(GOAL_CONNECTIONS);
            WrkRun plain = s.plainAt(GOAL_CONNECTIONS);
            double share = durable.requestsPerSecond() / plain.requestsPerSecond();
            double times = durable.requestsPerSecond() / fsyncPerSecond;
            boolean met = share >= GOAL_SHARE_OF_PLAIN && durable.p99Ms() <= GOAL_P99_MS && times >= GOAL_TIMES_FSYNC;
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2fx | %.2f ms | %.1fx | %.1fx | %s |%n",
                    s == idle ? "idle gateway" : "cycles running",
                    share,
                    durable.p99Ms(),
                    times,
                    plain.requestsPerSecond() / fsyncPerSecond,
                    met ? "yes" : "**no**"));
        }
        return md.append(
                        "\nWhere the route that writes nothing is itself under 10x the disk's single-writer rate, that "
                                + "goal is out of reach of any durable route of this server on this disk: the share of the "
                                + "route that writes nothing and the requests per forced write say what group commit buys.\n")
                .toString();
    }

    private static String charts(Sweep idle, Path report) throws Exception {
        List<double[]> plainRate = new ArrayList<>();
        List<double[]> durableRate = new ArrayList<>();
        List<double[]> plainP99 = new ArrayList<>();
        List<double[]> durableP99 = new ArrayList<>();
        for (int i = 0; i < idle.plain().size(); i++) {
            WrkRun p = idle.plain().get(i);
            WrkRun d = idle.durable().get(i);
            plainRate.add(new double[] {p.connections(), p.requestsPerSecond()});
            durableRate.add(new double[] {d.connections(), d.requestsPerSecond()});
            plainP99.add(new double[] {p.connections(), p.p99Ms()});
            durableP99.add(new double[] {d.connections(), d.p99Ms()});
        }
        return SvgChart.write(
                        report,
                        "ingress-throughput",
                        "Ingress requests/s against connections",
                        "connections",
                        "requests/s",
                        List.of(
                                new SvgChart.Series("writes nothing", plainRate),
                                new SvgChart.Series("durable (group commit)", durableRate)))
                + "\n"
                + SvgChart.write(
                        report,
                        "ingress-p99",
                        "Ingress p99 latency against connections",
                        "connections",
                        "p99 (ms)",
                        List.of(
                                new SvgChart.Series("writes nothing", plainP99),
                                new SvgChart.Series("durable (group commit)", durableP99)));
    }
}
