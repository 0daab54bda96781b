package io.taumesh.launcher.daemon;

import java.util.ArrayList;
import java.util.List;

/** A JVM to crash on purpose: {@code sleep} waits to be signalled, {@code oom} fills its heap. */
public final class CrashProbe {

    private CrashProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println("probe up");
        System.out.flush();
        if (args.length > 0 && args[0].equals("oom")) {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 16]);
            }
        }
        Thread.sleep(120_000);
    }
}
