// Lets a callback-style operation (Kafka's responseCallback) answer synchronously when it can:
// the produce and fetch paths return their response directly unless they really had to wait,
// which spares a promise and a microtask on every request that did not.

export function syncOrAsync<T>(start: (done: (value: T) => void) => void): T | Promise<T> {
  let value: T | undefined;
  let settled = false;
  let resolveLater: ((value: T) => void) | null = null;
  start((v) => {
    if (resolveLater !== null) resolveLater(v);
    else {
      value = v;
      settled = true;
    }
  });
  if (settled) return value as T;
  return new Promise<T>((resolve) => (resolveLater = resolve));
}

/** Applies `fn` to a value that may still be coming: at once when it is here, else when it arrives. */
export function mapSyncOrAsync<T, R>(value: T | Promise<T>, fn: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
