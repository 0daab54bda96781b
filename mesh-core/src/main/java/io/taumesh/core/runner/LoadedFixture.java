package io.taumesh.core.runner;

import java.nio.file.Path;
import java.util.List;

/** A fixture file as read: its entries in order, and a digest of its bytes that identifies this version of it. */
public record LoadedFixture(Path path, String sha256, String name, List<FixtureEntry> entries) {

  public long malformedCount() {
    return entries.stream().filter(e -> e instanceof FixtureEntry.Malformed).count();
  }
}
