package io.taumesh.core.runner.engine;

/**
 * What a runner has done with records from outside its cycles: the writes that forced them (one per batch), the
 * records they held, and the records refused because the backlog was full.
 */
public record OutsideTally(long batches, long records, long refusedFull) {}
