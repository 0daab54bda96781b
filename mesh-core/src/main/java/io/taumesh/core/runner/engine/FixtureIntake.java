package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.security.PathConfinement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads fixture files off the event loop, and confines the files a replay may name to the fixtures dir. */
final class FixtureIntake {

    /** The field of a replay action that names its fixture. */
    static final String REPLAY_FIELD = "fixture";

    private final Vertx vertx;
    private final FixtureLoader loader;
    private final PathConfinement replayable;

    FixtureIntake(Vertx vertx, RuntimeProfile profile, Path fixturesDir) {
        this.vertx = vertx;
        this.loader = new FixtureLoader(profile.fixtureFormat());
        this.replayable = new PathConfinement(fixturesDir, REPLAY_FIELD);
    }

    /** Every file loaded, or the first one's failure: nothing of a set that fails is used. */
    Future<List<LoadedFixture>> load(List<Path> fixtures) {
        return vertx.executeBlocking(() -> {
            List<LoadedFixture> loaded = new ArrayList<>();
            for (Path path : fixtures) {
                loaded.add(loader.load(path));
            }
            return loaded;
        });
    }

    /** The file a replay names, inside the fixtures dir once {@code ../} and links are resolved; else a field error. */
    Future<Path> replayable(Object given) {
        return vertx.executeBlocking(() -> replayable.resolve(given));
    }

    Path fixturesDir() {
        return replayable.root();
    }
}
