// The live feed: one WebSocket to api/live. The server sends a 'hello' with everything and then
// pushes changes; the page never polls. When the socket closes, it reconnects after a short
// backoff and starts over from the next hello.

const BACKOFF_MS = [250, 500, 1000, 2000, 3000];

export function liveUrl() {
  const url = new URL('api/live', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Connects and keeps connecting; returns a function that stops for good. */
export function connectLive({ onMessage, onConnection }) {
  let socket = null;
  let timer = null;
  let failures = 0;
  let stopped = false;

  const open = () => {
    timer = null;
    onConnection('connecting');
    socket = new WebSocket(liveUrl());
    socket.onmessage = (frame) => {
      let message;
      try {
        message = JSON.parse(frame.data);
      } catch {
        return;
      }
      if (message && message.type === 'hello') failures = 0;
      onMessage(message);
    };
    socket.onerror = () => socket.close();
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      onConnection('closed');
      const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
      failures++;
      timer = setTimeout(open, delay);
    };
  };

  open();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (socket !== null) socket.close();
  };
}
