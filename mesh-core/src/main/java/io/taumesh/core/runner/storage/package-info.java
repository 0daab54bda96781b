/**
 * A runner's state dir: {@code state.json}, the runtime event log, per-channel output logs in bounded segments,
 * the case index and its checkpoint. Blocking throughout; callers run it off the event loop. Never imports the engine.
 */
package io.taumesh.core.runner.storage;
