package io.taumesh.launcher.daemon;

import java.util.Locale;

/** The operating system the launcher runs on, as far as daemon profiles care. */
public enum HostPlatform {
    LINUX(DaemonProfile.SYSTEMD),
    MACOS(DaemonProfile.LAUNCHD),
    OTHER(null);

    private final DaemonProfile nativeProfile;

    HostPlatform(DaemonProfile nativeProfile) {
        this.nativeProfile = nativeProfile;
    }

    public static HostPlatform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return LINUX;
        }
        return os.contains("mac") || os.contains("darwin") ? MACOS : OTHER;
    }

    /** The host's service manager's profile; null where there is none (Windows, BSD). */
    public DaemonProfile nativeProfile() {
        return nativeProfile;
    }

    public String displayName() {
        return switch (this) {
            case LINUX -> "Linux";
            case MACOS -> "macOS";
            case OTHER -> System.getProperty("os.name", "this host");
        };
    }

    /** {@code auto} resolved to the host's profile; null when the host has none. */
    public DaemonProfile resolve(DaemonProfile requested) {
        return requested == DaemonProfile.AUTO ? nativeProfile : requested;
    }

    public boolean supports(DaemonProfile profile) {
        return profile != null && profile == nativeProfile;
    }
}
