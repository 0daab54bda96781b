package io.taumesh.launcher;

import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.RunnerFlags;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayFlags;
import io.taumesh.relay.RelayFlags;
import io.taumesh.supervisor.SupervisorFlags;
import io.taumesh.webui.WebUiFlags;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The environment variables a service's node reads, taken from its flags ({@code ${env:NAME...}} defaults). */
final class ServiceEnvironment {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    private ServiceEnvironment() {}

    static Set<String> of(MeshImage service) {
        Set<String> names = new TreeSet<>(read(new NodeFlags()));
        names.addAll(read(
                switch (service) {
                    case SUPERVISOR -> new SupervisorFlags();
                    case GATEWAY -> GatewayFlags.create();
                    case DASHBOARD -> RunnerFlags.of(DashboardVerticle.SERVICE);
                    case RELAY -> new RelayFlags();
                    case WEB_UI -> new WebUiFlags();
                    case ALL_IN_ONE -> throw new IllegalArgumentException("the all-in-one takes the launcher's flags");
                }));
        return names;
    }

    private static Set<String> read(Object flags) {
        Set<String> names = new TreeSet<>();
        // Uninterpolated, the default still names its variable: ${env:TAU_CLUSTER_NAME:-tau-mesh}.
        for (OptionSpec option : CommandSpec.forAnnotatedObject(flags)
                .interpolateVariables(false)
                .options()) {
            String raw = option.defaultValue();
            if (raw != null) {
                Matcher m = ENV.matcher(raw);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
