// A deliberately simple TCP client for tests: sends raw bytes, collects size-prefixed frames
// independently of the broker's own FrameDecoder, and reports when the server closes.

import * as net from 'node:net';
import { Apis, ApiDefinition } from '../../src/protocol/generated';
import { readResponseHeader, writeRequestHeader } from '../../src/protocol/headers';
import { Reader, Writer } from '../../src/protocol/primitives';

export class RawClient {
  private pending = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  readonly closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= 4) {
        const size = this.pending.readInt32BE(0);
        if (this.pending.length < 4 + size) break;
        this.frames.push(this.pending.subarray(4, 4 + size));
        this.pending = this.pending.subarray(4 + size);
      }
      this.wake();
    });
    socket.on('error', () => {});
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  write(data: Buffer): void {
    this.socket.write(data);
  }

  get receivedCount(): number {
    return this.frames.length;
  }

  /** Resolves with the next frame (payload without size prefix); rejects if the socket closes first. */
  async nextFrame(timeoutMs = 2000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.closed) throw new Error('connection closed before a response arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a response');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift()!;
  }

  /** Resolves true if the server closes the connection within the timeout. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      this.closedPromise.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Prefixes a payload with its int32 size. */
export function framed(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

/** A complete request frame (size + header + body) encoded with our generated codecs. */
export function requestFrame<Req, Res>(
  api: ApiDefinition<Req, Res>,
  apiVersion: number,
  correlationId: number,
  body: Req,
  clientId: string | null = 'test-client',
): Buffer {
  const w = new Writer();
  writeRequestHeader(w, { requestApiKey: api.apiKey, requestApiVersion: apiVersion, correlationId, clientId });
  api.request.encode(w, body, apiVersion);
  return framed(w.toBuffer());
}

/** Decodes a response frame: header (version derived from the API) then body. */
export function decodeResponse<Req, Res>(
  api: ApiDefinition<Req, Res>,
  apiVersion: number,
  frame: Buffer,
): { correlationId: number; body: Res; remaining: number } {
  const r = new Reader(frame);
  const header = readResponseHeader(r, api.apiKey, apiVersion);
  const body = api.response.decode(r, apiVersion);
  return { correlationId: header.correlationId, body, remaining: r.remaining };
}

export { Apis };
