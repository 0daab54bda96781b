// A small client of the Vert.x event-bus bridge over a plain WebSocket: send with reply, listen to the views
// the server pushes to every page, ping, and reconnect with backoff. The page calls onOpen after every
// (re)connect to load a fresh snapshot.
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
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 5000);
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
    for (const handler of this.handlers.get(frame.address) || []) {
      handler(frame.body);
    }
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

  drop() {
    this.ws.close();
  }
}
