// GET /control-plane/events on the broker's metrics port: its control-plane events (the lines of
// state-change.log and the controller's elections and broker changes, in structured form) for the
// observatory. A server-sent event stream: the history after `since` (or the Last-Event-ID a
// reconnecting EventSource sends), then each new event as it happens. `?format=json` answers the
// history as one JSON array instead, for curl.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlPlaneEventLog, RecordedEvent } from '../common/control-plane-events';

/** Keeps idle streams from being closed by proxies and lets the client notice a dead broker. */
const HEARTBEAT_MS = 15_000;

export const CONTROL_PLANE_EVENTS_PATH = '/control-plane/events';

export function serveControlPlaneEvents(events: ControlPlaneEventLog): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const since = Number(req.headers['last-event-id'] ?? url.searchParams.get('since') ?? 0) || 0;
    if (url.searchParams.get('format') === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(events.since(since)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: RecordedEvent) => res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
    for (const event of events.since(since)) send(event);
    const unsubscribe = events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
    });
  };
}
