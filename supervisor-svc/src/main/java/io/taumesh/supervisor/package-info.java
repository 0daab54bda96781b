/**
 * The supervisor: the supervision config, its tree of verticle and process children, restart budgets and backoff,
 * the control loop and the shutdown sequence. Imports {@code mesh-core} only, never another service.
 */
package io.taumesh.supervisor;
