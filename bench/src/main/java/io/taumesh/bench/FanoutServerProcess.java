package io.taumesh.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fan-out server's JVM ({@link FanoutServer}) as the benchmark drives it: commands on its stdin, answers on its stdout. */
final class FanoutServerProcess {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final BufferedReader out;

    private FanoutServerProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the server's JVM with a fixed heap ceiling, so that memory per client is measured under one limit. */
    static FanoutServerProcess start(int eventLoops, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Processes.benchJar().toString(), "fanout-server", String.valueOf(eventLoops)));
        return new FanoutServerProcess(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** The web UI's port, once the server says it is ready. */
    int awaitReady() throws IOException {
        int port = -1;
        for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
            Matcher m = URL.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        if (port < 0) {
            throw new IllegalStateException("the fan-out server did not start");
        }
        return port;
    }

    /** From now on, a widget update every {@code ms}. */
    void interval(long ms) throws IOException {
        command("interval " + ms);
    }

    /** The server's live heap after full collections, in bytes. */
    long liveHeap() throws IOException {
        command("heap");
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("heap ")) {
                return Long.parseLong(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the fan-out server ended");
    }

    /** The server JVM's resident memory now. */
    long residentKib() {
        return ProcessMemory.residentKib(process.pid());
    }

    /** Ends the server by closing its stdin. */
    void close() throws IOException, InterruptedException {
        Processes.closeStdinAndWait(process, 20);
    }

    private void command(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }
}
