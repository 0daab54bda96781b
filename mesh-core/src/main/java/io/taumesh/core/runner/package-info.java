/**
 * The contract-runner engine that the gateway and the dashboard runtimes are built on, cut by concern, each part
 * importing only parts named before it: {@code gate} (health and rollout decisions), {@code wire} (the records
 * it stores and sends), {@code fixture} (the fixture format), {@code storage} (the state dir), {@code engine}
 * (cycles), {@code metrics} (its meters) and {@code control} (bus endpoints and inspection). Of the rest of the
 * core it imports {@code bus}, {@code contract}, {@code files}, {@code metrics} and {@code security}.
 */
package io.taumesh.core.runner;
