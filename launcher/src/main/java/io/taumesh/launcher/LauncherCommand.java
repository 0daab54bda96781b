package io.taumesh.launcher;

/**
 * A command of {@code tau-mesh}: a flag, with the options that go with it (a picocli argument group), that
 * runs instead of the mesh. Returns the exit code; a {@link io.taumesh.core.runner.storage.StateException} exits 1
 * and a {@link io.taumesh.core.runner.fixture.FixtureException} exits 2.
 */
interface LauncherCommand {

    int run(Launch launch) throws Exception;
}
