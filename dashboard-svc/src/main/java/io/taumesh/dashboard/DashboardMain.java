package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.RunnerFlags;
import io.taumesh.core.node.ServiceCommand;

/** Runs the dashboard service as its own clustered node: {@code java -jar dashboard-svc/target/dashboard-svc.jar --help}. */
public final class DashboardMain {

    private DashboardMain() {}

    public static void main(String[] args) {
        System.exit(ServiceCommand.execute(
                MeshService.DASHBOARD, DashboardVerticle::new, RunnerFlags.of(DashboardVerticle.SERVICE), args));
    }
}
