/**
 * The test kit ({@code docs/clients.md}): a JUnit 5 extension, {@link io.taumesh.testkit.TauMeshExtension}, that starts
 * a real all-in-one mesh for a test class in a JVM of its own, in a cluster and a directory of its own, and hands the
 * test a {@link io.taumesh.testkit.RunningMesh}: a connected {@code MeshClient} and the mesh's URLs. Imports {@code
 * mesh-client} and {@code mesh-core} only; the mesh it runs comes from the launcher on the test's class path.
 */
package io.taumesh.testkit;
