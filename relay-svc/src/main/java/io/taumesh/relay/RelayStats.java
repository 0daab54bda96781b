package io.taumesh.relay;

/** What the relay counts; touched on the relay's event loop only. */
final class RelayStats {
  long frames;
  long rejectedFrames;
  long droppedFrames;
  long disconnectedSlowClients;
  long connections;
}
