package io.taumesh.core.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The build's version, stamped into a resource at build time. */
public final class MeshVersion implements IVersionProvider {

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = MeshVersion.class.getResourceAsStream("/tau-mesh-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Tau Mesh " + version()};
    }
}
