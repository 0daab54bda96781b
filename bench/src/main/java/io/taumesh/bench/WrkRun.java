package io.taumesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code wrk} (Debian's HTTP load generator) against a URL: requests per second, the p50 and p99 latency,
 * the requests completed and those answered other than 2xx/3xx, read from its {@code --latency} report.
 */
record WrkRun(int connections, double requestsPerSecond, double p50Ms, double p99Ms, long requests, long non2xx) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern DONE = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$");

    /** A POST of a JSON body, for wrk's {@code -s}: written once into {@code dir}. */
    static Path postScript(Path dir, String jsonBody) throws IOException {
        Path script = dir.resolve("post.lua");
        String escaped = jsonBody.replace("\\", "\\\\").replace("'", "\\'");
        Files.writeString(
                script,
                "wrk.method = \"POST\"\nwrk.body = '" + escaped
                        + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
                StandardCharsets.UTF_8);
        return script;
    }

    /** Runs wrk for {@code seconds} with {@code connections} (and {@code script} when not null). */
    static WrkRun run(String url, int connections, int seconds, Path script) throws Exception {
        int threads = Math.min(2, connections);
        List<String> command = new ArrayList<>(List.of(
                "wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(connections, out);
    }

    static WrkRun parse(int connections, String out) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (String line : out.split("\n", -1)) {
            Matcher m = PERCENTILE.matcher(line);
            if (m.matches()) {
                double ms = toMillis(Double.parseDouble(m.group(2)), m.group(3));
                if (m.group(1).equals("50")) {
                    p50 = ms;
                } else {
                    p99 = ms;
                }
            }
        }
        return new WrkRun(
                connections,
                Double.parseDouble(find(RATE, out, "Requests/sec")),
                p50,
                p99,
                Long.parseLong(find(DONE, out, "requests in")),
                NON_2XX.matcher(out).find() ? Long.parseLong(find(NON_2XX, out, "Non-2xx")) : 0);
    }

    private static String find(Pattern pattern, String out, String what) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no '" + what + "' in wrk's output: " + out);
        }
        return m.group(1);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    String row(String route) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %,.0f | %.2f | %.2f | %,d |",
                route,
                connections,
                requestsPerSecond,
                p50Ms,
                p99Ms,
                non2xx);
    }
}
