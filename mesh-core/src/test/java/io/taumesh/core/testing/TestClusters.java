package io.taumesh.core.testing;

import java.util.UUID;

/** Cluster names no other test run shares, so that concurrent runs on one machine never meet. */
public final class TestClusters {

  private TestClusters() {
  }

  public static String uniqueName(String purpose) {
    return "test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
