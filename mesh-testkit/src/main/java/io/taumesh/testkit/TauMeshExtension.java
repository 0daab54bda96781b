package io.taumesh.testkit;

import io.taumesh.client.MeshClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts a real mesh once for a test class ({@code @ExtendWith(TauMeshExtension.class)}, options by {@link
 * TauMeshOptions}) and stops it after the class. A test method or constructor takes a {@link RunningMesh} or a {@link
 * MeshClient} as a parameter. When a test fails, the tail of the mesh's logs goes to the test's output (and so to its
 * report), a report entry names the logs, and the work dir is kept for a look; otherwise it is deleted.
 */
public final class TauMeshExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TauMeshExtension.class);
    private static final String MESH = "mesh";
    private static final String FAILED = "failed";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TauMeshOptions options = context.getRequiredTestClass().getAnnotation(TauMeshOptions.class);
        List<String> args = options == null ? List.of() : List.of(options.args());
        Duration ready = Duration.ofSeconds(options == null ? 120 : options.readySeconds());
        Path work = Files.createTempDirectory("tau-mesh-test-");
        RunningMesh mesh = RunningMesh.start(work, args, ready);
        context.getStore(NAMESPACE).put(MESH, mesh);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        RunningMesh mesh = context.getStore(NAMESPACE).remove(MESH, RunningMesh.class);
        if (mesh == null) {
            return;
        }
        int exit = mesh.stop();
        boolean failed = Boolean.TRUE.equals(context.getStore(NAMESPACE).get(FAILED, Boolean.class));
        if (failed || exit != 0) {
            System.err.println(
                    "tau-mesh test kit: the mesh exited with " + exit + "; its work dir is kept: " + mesh.workDir());
        } else {
            mesh.deleteWorkDir();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
        RunningMesh mesh = find(context);
        if (mesh == null) {
            return;
        }
        context.getParent().ifPresent(parent -> parent.getStore(NAMESPACE).put(FAILED, true));
        context.publishReportEntry("tau-mesh logs", mesh.logs().toString());
        System.err.println(
                "tau-mesh test kit: " + context.getDisplayName() + " failed; the mesh's logs:\n" + mesh.logTails());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RunningMesh.class || type == MeshClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningMesh mesh = find(context);
        if (mesh == null) {
            throw new ParameterResolutionException("no mesh runs for " + context.getDisplayName()
                    + ": TauMeshExtension starts one per test class, before all of its tests");
        }
        return parameter.getParameter().getType() == MeshClient.class ? mesh.client() : mesh;
    }

    private static @Nullable RunningMesh find(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(MESH, RunningMesh.class);
    }
}
