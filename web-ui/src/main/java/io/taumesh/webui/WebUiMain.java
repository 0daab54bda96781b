package io.taumesh.webui;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceCommand;

/** Runs the browser dashboard as its own clustered node: {@code java -jar web-ui/target/web-ui.jar --help}. */
public final class WebUiMain {

    private WebUiMain() {}

    public static void main(String[] args) {
        System.exit(ServiceCommand.execute(MeshService.WEB_UI, WebUiVerticle::new, new WebUiFlags(), args));
    }
}
