package io.taumesh.launcher.daemon;

import java.util.Map;

/**
 * The launchd agent of the daemon, {@code io.tau.coding-agent.plist} (macOS): the same command as the systemd
 * unit, started at load and kept alive after a failure (not after a clean exit), its output appended to
 * {@code D/daemon.log}. launchd stops a job with SIGTERM, which the mesh answers with a clean stop, and sends
 * SIGKILL after {@code ExitTimeOut} seconds.
 */
public final class LaunchdPlist {

    private LaunchdPlist() {}

    public static String render(DaemonLaunch launch, DaemonPaths paths) {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(
                "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        s.append(
                "<!-- Written by the daemon install of tau-mesh; see docs/daemon.md. Regenerate it rather than edit it. -->\n");
        s.append("<plist version=\"1.0\">\n<dict>\n");
        key(s, "Label")
                .append("  <string>")
                .append(xml(DaemonPaths.LAUNCHD_LABEL))
                .append("</string>\n");
        key(s, "ProgramArguments").append("  <array>\n");
        for (String word : launch.command(paths)) {
            s.append("    <string>").append(xml(word)).append("</string>\n");
        }
        s.append("  </array>\n");
        key(s, "WorkingDirectory")
                .append("  <string>")
                .append(xml(launch.workingDir().toString()))
                .append("</string>\n");
        key(s, "EnvironmentVariables").append("  <dict>\n");
        for (Map.Entry<String, String> e : launch.environment().entrySet()) {
            s.append("    <key>").append(xml(e.getKey())).append("</key>\n");
            s.append("    <string>").append(xml(e.getValue())).append("</string>\n");
        }
        s.append("  </dict>\n");
        key(s, "RunAtLoad").append("  <true/>\n");
        key(s, "KeepAlive").append("  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n  </dict>\n");
        key(s, "ThrottleInterval").append("  <integer>5</integer>\n");
        key(s, "ExitTimeOut")
                .append("  <integer>")
                .append(SystemdUnits.STOP_TIMEOUT_SECONDS)
                .append("</integer>\n");
        key(s, "ProcessType").append("  <string>Background</string>\n");
        key(s, "StandardOutPath")
                .append("  <string>")
                .append(xml(paths.logFile().toString()))
                .append("</string>\n");
        key(s, "StandardErrorPath")
                .append("  <string>")
                .append(xml(paths.logFile().toString()))
                .append("</string>\n");
        s.append("</dict>\n</plist>\n");
        return s.toString();
    }

    private static StringBuilder key(StringBuilder s, String key) {
        return s.append("  <key>").append(key).append("</key>\n");
    }

    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
