/**
 * One WebSocket per signed-in console: every notification of the user arrives here (a connection that subscribed
 * to no task gets all of them), so the inbox count and open pages update live. When the server closes it (a
 * revoked session closes its connections), the console asks the API whether the session still holds: a refused
 * refresh signs it out (Session); otherwise it reconnects, backing off.
 */
import type { InboxMessage } from "@design-agent/client";

import type { Session } from "./session";

export type Listener = (message: InboxMessage) => void;

export class LiveFeed {
  private socket: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly session: Session, private readonly onChange: () => void) {}

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const token = await this.session.sdk.accessToken();
    if (this.stopped) return;
    const socket = new WebSocket(`${this.session.config.wsUrl}/?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.onChange();
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as { type?: string; message?: InboxMessage };
      if (frame.type !== "notification" || !frame.message) return;
      for (const listener of this.listeners) listener(frame.message);
      this.onChange();
    };
    socket.onclose = () => {
      if (this.stopped || this.socket !== socket) return;
      this.failures += 1;
      this.onChange(); // an API call: a revoked session ends here (its refresh is refused)
      const delay = Math.min(500 * 2 ** (this.failures - 1), 15_000);
      setTimeout(() => {
        if (!this.stopped && this.session.signedIn) void this.start().catch(() => undefined);
      }, delay);
    };
  }

  /** Something changed the inbox here (read, deleted): the count is read again. */
  changed(): void {
    this.onChange();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
    this.socket = null;
  }
}
