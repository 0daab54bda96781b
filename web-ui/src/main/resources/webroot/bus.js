// A small client of the Vert.x event-bus bridge over a plain WebSocket: send with reply, listen to the views
// the server pushes to every page, ping, and reconnect with backoff. The page calls onOpen after every
// (re)connect to catch up on what it missed (or load a fresh snapshot). Each update the server pushes is numbered
// (seq, within the web UI's epoch): an update older than the last one heard on its address is passed over, so an
// update given twice (live and in a catch-up) is applied once, and never after a newer one.
"use strict";

class MeshBus {
  constructor(url, { onState, onOpen }) {
    this.url = url;
    this.onState = onState;
    this.onOpen = onOpen;
    this.handlers = new Map();
    this.replies = new Map();
    this.retry = 250;
    this.counter = 0;
    this.stream = { epoch: null, seq: 0 };
    this.lastByAddress = new Map();
    this.connect();
  }

  connect() {
    const ws = new WebSocket(this.url);
    // The bridge writes binary frames: UTF-8 JSON.
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 250;
      this.ping = setInterval(() => ws.send(JSON.stringify({ type: "ping" })), 5000);
      this.onState("connected");
      this.onOpen();
    };
    const text = new TextDecoder();
    ws.onmessage = (event) => this.receive(JSON.parse(typeof event.data === "string" ? event.data : text.decode(event.data)));
    ws.onclose = () => {
      clearInterval(this.ping);
      for (const [, reply] of this.replies) {
        reply({ failed: true, reason: "connection lost" });
      }
      this.replies.clear();
      this.onState("reconnecting");
      setTimeout(() => this.connect(), this.retry + (this.holdMs || 0));
      this.holdMs = 0;
      // At most a second apart: a web UI that is back is drawn again within about a second of being ready.
      this.retry = Math.min(this.retry * 2, 1000);
    };
  }

  receive(frame) {
    const reply = this.replies.get(frame.address);
    if (reply) {
      this.replies.delete(frame.address);
      reply(frame.type === "err" ? { failed: true, reason: frame.message || frame.body || "refused" } : { body: frame.body });
      return;
    }
    if (frame.type === "err") {
      // A refused send is answered without an address: it belongs to the oldest request still waiting.
      const oldest = this.replies.keys().next();
      if (!oldest.done) {
        const waiting = this.replies.get(oldest.value);
        this.replies.delete(oldest.value);
        waiting({ failed: true, reason: frame.body || frame.message || "refused" });
      } else {
        console.warn("bridge error", frame);
      }
      return;
    }
    this.deliver(frame);
  }

  // An update pushed live or given in a catch-up: passed to the address's handlers unless it is not newer than the
  // last heard there. An update of another epoch (a restarted web UI) starts the count again.
  deliver(frame) {
    if (frame.seq != null) {
      if (frame.epoch !== this.stream.epoch) this.adopt({ epoch: frame.epoch, seq: 0 });
      if (frame.seq <= (this.lastByAddress.get(frame.address) || 0)) return;
      this.lastByAddress.set(frame.address, frame.seq);
      this.stream.seq = Math.max(this.stream.seq, frame.seq);
    }
    for (const handler of this.handlers.get(frame.address) || []) {
      handler(frame.body);
    }
  }

  // Where the stream stands after a snapshot: updates up to seq are in it.
  adopt(position) {
    if (!position) return;
    if (position.epoch !== this.stream.epoch) {
      this.stream = { epoch: position.epoch, seq: 0 };
      this.lastByAddress.clear();
    }
    this.stream.seq = Math.max(this.stream.seq, position.seq);
  }

  // What the page asks for when it reconnects: the updates after the last one it heard.
  resumeFrom() {
    return this.stream.epoch ? { epoch: this.stream.epoch, seq: this.stream.seq } : undefined;
  }

  // The server pushes every ui.view.* address to every page: listening needs no message to the server.
  listen(address, handler) {
    if (!this.handlers.has(address)) {
      this.handlers.set(address, []);
    }
    this.handlers.get(address).push(handler);
  }

  // headers travel with the message: the page gives each control action an x-request-id and a traceparent.
  request(address, body, headers) {
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        resolve({ failed: true, reason: "not connected" });
        return;
      }
      const replyAddress = "ui-reply-" + Date.now() + "-" + (++this.counter);
      this.replies.set(replyAddress, resolve);
      setTimeout(() => {
        if (this.replies.delete(replyAddress)) resolve({ failed: true, reason: "no answer within 10 s" });
      }, 10000);
      this.ws.send(JSON.stringify({ type: "send", address, body, replyAddress, headers: headers || {} }));
    });
  }

  // Closes the connection; the next attempt waits holdMs more (a page offline for a while, as a test makes it).
  drop(holdMs = 0) {
    this.holdMs = holdMs;
    this.ws.close();
  }
}
