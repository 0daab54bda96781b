package io.taumesh.launcher.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small network of hosts on this machine, made of Linux network namespaces and veth pairs, so that a test can cut
 * a member off for real: packets to and from it are lost, as with a pulled cable or a partitioned switch, and nothing
 * refuses a connection. Host {@code i} is a namespace with one interface, {@code eth0}, plugged into a bridge that
 * lives in a namespace of its own (the switch); this process reaches every host through one more port of that
 * switch, so the machine's own firewall rules never see the hosts' traffic. {@link #cut(int)} unplugs a host,
 * {@link #mend(int)} plugs it back. Everything is removed on close. Needs root and iproute2.
 */
public final class NetLab implements AutoCloseable {

    private final String tag;
    private final String subnet;
    private final int hosts;

    private NetLab(String tag, String subnet, int hosts) {
        this.tag = tag;
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /** Whether this process may make namespaces: root, with iproute2. */
    public static boolean available() {
        try {
            return "0".equals(run("id", "-u").trim()) && ok("ip", "netns", "list");
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips, loudly, where namespaces cannot be made and {@code CI} is unset; CI runs as root with iproute2, so there it must. */
    public static void assumeAvailable() {
        boolean present = available();
        if (!present && System.getenv("CI") == null) {
            System.err.println(
                    "!!! SKIPPED: network partitions need root and iproute2 (ip netns); they run for real in CI !!!");
        }
        Assumptions.assumeTrue(present || System.getenv("CI") != null, "no root or no iproute2 (and CI is unset)");
        assertThat(present)
                .as("CI must be able to make network namespaces (root, iproute2)")
                .isTrue();
    }

    /** Makes {@code hosts} hosts (1..hosts) on a subnet of 10.213.0.0/16 picked at random. */
    public static NetLab create(int hosts) throws IOException {
        Random random = new Random();
        String tag = Integer.toHexString(0x100000 + random.nextInt(0xeffff));
        String subnet = "10.213." + random.nextInt(256);
        NetLab lab = new NetLab(tag, subnet, hosts);
        try {
            lab.build();
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws IOException {
        must("ip", "netns", "add", ns("sw"));
        sw("ip", "link", "add", "br0", "type", "bridge");
        sw("ip", "link", "set", "br0", "up");
        // This process's own port on the switch.
        must("ip", "link", "add", "tr" + tag, "type", "veth", "peer", "name", "up" + tag);
        must("ip", "link", "set", "up" + tag, "netns", ns("sw"));
        sw("ip", "link", "set", "up" + tag, "master", "br0", "up");
        must("ip", "addr", "add", subnet + ".1/24", "dev", "tr" + tag);
        must("ip", "link", "set", "tr" + tag, "up");
        for (int i = 1; i <= hosts; i++) {
            must("ip", "netns", "add", ns(String.valueOf(i)));
            must("ip", "-n", ns(String.valueOf(i)), "link", "set", "lo", "up");
            must("ip", "link", "add", "h" + tag + i, "type", "veth", "peer", "name", "p" + i);
            must("ip", "link", "set", "p" + i, "netns", ns("sw"));
            sw("ip", "link", "set", "p" + i, "master", "br0", "up");
            must("ip", "link", "set", "h" + tag + i, "netns", ns(String.valueOf(i)));
            must("ip", "-n", ns(String.valueOf(i)), "link", "set", "h" + tag + i, "name", "eth0");
            must("ip", "-n", ns(String.valueOf(i)), "addr", "add", ip(i) + "/24", "dev", "eth0");
            must("ip", "-n", ns(String.valueOf(i)), "link", "set", "eth0", "up");
        }
    }

    /** Host {@code i}'s address. */
    public String ip(int i) {
        return subnet + "." + (10 + i);
    }

    /** The command that runs a program on host {@code i}; it execs the program, so the pid is the program's. */
    public List<String> launcher(int i) {
        return List.of("ip", "netns", "exec", ns(String.valueOf(i)));
    }

    /** Unplugs host {@code i}: from now on its packets are lost, both ways. */
    public void cut(int i) throws IOException {
        sw("ip", "link", "set", "p" + i, "down");
    }

    /** Plugs host {@code i} back in. */
    public void mend(int i) throws IOException {
        sw("ip", "link", "set", "p" + i, "up");
    }

    @Override
    public void close() {
        for (int i = 1; i <= hosts; i++) {
            quietly("ip", "netns", "delete", ns(String.valueOf(i)));
        }
        quietly("ip", "link", "delete", "tr" + tag);
        quietly("ip", "netns", "delete", ns("sw"));
    }

    private String ns(String suffix) {
        return "tau-" + tag + "-" + suffix;
    }

    private void sw(String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns("sw")));
        all.addAll(List.of(command));
        must(all.toArray(String[]::new));
    }

    private static void must(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!waitFor(p) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
    }

    private static boolean ok(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return waitFor(p) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void quietly(String... command) {
        ok(command);
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p);
        return out;
    }

    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
