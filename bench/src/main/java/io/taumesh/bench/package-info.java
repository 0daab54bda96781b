/**
 * Benchmarks ({@code java -jar bench/target/tau-bench.jar}): each measures a figure against a baseline taken in the
 * same run and writes it to {@code bench/REPORT.md}. Nothing in the mesh imports it.
 */
package io.taumesh.bench;
