package io.taumesh.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A packaged jar run as a child JVM, its output captured line by line; closing it kills the process. */
public final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    pump(process.getInputStream(), stdout, name + "-stdout");
    pump(process.getErrorStream(), stderr, name + "-stderr");
  }

  /** Starts {@code java -jar <jar> args...} with the same java that runs the tests. */
  public static ChildJvm start(String name, Path jar, String... args) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run 'mvn package' (or 'mvn verify') from the repository root");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    // Children must not pick up cluster settings from the environment the tests run in.
    builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
    return new ChildJvm(name, builder.start());
  }

  /** Waits for a stdout line matching the pattern; fails with everything the child printed if none comes. */
  public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      while (seen < stdout.size()) {
        Matcher m = pattern.matcher(stdout.get(seen++));
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive() && seen >= stdout.size()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(name + " printed no line matching /" + pattern + "/ within " + timeout
        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "\n" + transcript());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM. Sent through the process handle: {@link Process#destroy()} would also close our end of its output. */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL: the process gets no chance to say goodbye to the cluster. */
  public void kill() {
    process.toHandle().destroyForcibly();
  }

  /** The exit code, or fails if the process is still running after the timeout. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "\n" + transcript());
    }
    for (Thread pump : pumps) {
      pump.join(5_000); // the last lines it printed
    }
    return process.exitValue();
  }

  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  public String transcript() {
    return "--- " + name + " stdout ---\n" + String.join("\n", stdout)
        + "\n--- " + name + " stderr ---\n" + String.join("\n", stderr);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private final List<Thread> pumps = new CopyOnWriteArrayList<>();

  private void pump(InputStream in, List<String> sink, String threadName) {
    Thread t = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          sink.add(line);
        }
      } catch (IOException e) {
        sink.add("<output closed: " + e.getMessage() + ">");
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    pumps.add(t);
  }
}
