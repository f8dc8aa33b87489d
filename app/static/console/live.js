// A small graphql-transport-ws client: one WebSocket for all of a page's subscriptions.

import { storedKey } from "./api.js";

const PROTOCOL = "graphql-transport-ws";
const RETRY_MS = [500, 1000, 2000, 5000];

export class LiveConnection {
  /** `onStateChange(state, detail)` hears "connecting", "ready" and "closed". */
  constructor(onStateChange) {
    this.onStateChange = onStateChange;
    this.subscriptions = new Map();
    this.nextId = 1;
    this.attempt = 0;
    this.socket = null;
    this.ready = false;
    this.connect();
  }

  connect() {
    const url = new URL("/graphql", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    this.ready = false;
    this.onStateChange("connecting");
    const socket = new WebSocket(url, PROTOCOL);
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${storedKey()}` } }));
    };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      this.ready = false;
      this.onStateChange("closed", event.reason || `code ${event.code}`);
      const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
      this.attempt += 1;
      window.setTimeout(() => this.connect(), delay);
    };
  }

  receive(message) {
    const subscription = this.subscriptions.get(message.id);
    switch (message.type) {
      case "connection_ack":
        this.ready = true;
        this.attempt = 0;
        for (const [id, entry] of this.subscriptions) {
          this.send(id, entry);
        }
        this.onStateChange("ready");
        break;
      case "ping":
        this.socket.send(JSON.stringify({ type: "pong" }));
        break;
      case "next":
        if (message.payload.errors?.length) {
          subscription?.onError(message.payload.errors.map((error) => error.message).join("; "));
        } else {
          subscription?.onData(message.payload.data);
        }
        break;
      case "error":
        subscription?.onError(message.payload.map((error) => error.message).join("; "));
        this.subscriptions.delete(message.id);
        break;
      case "complete":
        this.subscriptions.delete(message.id);
        break;
    }
  }

  send(id, entry) {
    const payload = { query: entry.query, variables: entry.variables };
    this.socket.send(JSON.stringify({ id, type: "subscribe", payload }));
  }

  /** Subscribe now (or as soon as connected, and again after every reconnection); returns a stop function. */
  subscribe(query, variables, onData, onError) {
    const id = String(this.nextId++);
    const entry = { query, variables, onData, onError };
    this.subscriptions.set(id, entry);
    if (this.ready) {
      this.send(id, entry);
    }
    return () => {
      if (this.subscriptions.delete(id) && this.ready) {
        this.socket.send(JSON.stringify({ id, type: "complete" }));
      }
    };
  }
}
