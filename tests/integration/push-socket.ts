import type WebSocket from 'ws';
import { decodeFrame } from '@protocol/codec.ts';
import type { Frame } from '@protocol/messages.ts';

/** A push socket as a queue of decoded frames (heartbeats left out), awaited one at a time. */
export class PushSocket {
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  closedWith: number | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const decoded = decodeFrame(new Uint8Array(data));
      // Heartbeats are push-heartbeat.test.ts's business; these tests read announcements.
      if (decoded.ok && decoded.value.type !== 'heartbeat') this.frames.push(decoded.value);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closedWith = code;
      this.wake();
    });
  }
  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
  async next(): Promise<Frame> {
    while (this.frames.length === 0) await new Promise<void>((r) => this.waiters.push(r));
    return this.frames.shift() as Frame;
  }
  async closed(): Promise<number> {
    while (this.closedWith === null) await new Promise<void>((r) => this.waiters.push(r));
    return this.closedWith;
  }

  /** Wraps `ws` once it is open; rejects if the server refuses it. */
  static async open(ws: WebSocket): Promise<PushSocket> {
    const sock = new PushSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return sock;
  }
}

/** The HTTP status with which the server refused to upgrade `ws`. */
export const refusal = (ws: WebSocket): Promise<number> =>
  new Promise<number>((resolve) =>
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  );
