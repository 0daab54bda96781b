package io.taumesh.core.runner.wire;

/** How far the committed cycles got through one version of a fixture file. */
public record FixtureCursor(String path, String sha256, int nextIndex, int size) {}
