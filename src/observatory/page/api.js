// The few requests the page makes, each on a user's action (the live data comes over the socket).

async function call(method, path, body) {
  const response = await fetch(new URL(path, document.baseURI), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const reason = payload && typeof payload.error === 'string' ? payload.error : `${response.status} ${response.statusText}`;
    throw new Error(reason);
  }
  return payload;
}

/** What each fault would make Kafka do next, for one broker: {enabled, actions:[{action, expect}]}. */
export function fetchFaultOptions(broker) {
  return call('GET', `api/faults?broker=${encodeURIComponent(broker)}`);
}

/** Injects a fault; resolves to the server's FaultResponse. */
export function postFault(action, broker) {
  return call('POST', 'api/faults', { action, broker });
}

export function fetchLabs() {
  return call('GET', 'api/labs');
}

/** Starts a lab; resolves to {started: name}. */
export function startLab(name) {
  return call('POST', 'api/labs', { name });
}
