// The page's whole model, rebuilt from the server's 'hello' (and 'reset') and updated by its
// pushes (src/observatory/api-types.ts, LiveMessage). Pure functions: (model, action) → model.

/** Events kept in memory (the timeline renders at most TIMELINE_DOM_LIMIT of the matching ones). */
export const EVENTS_KEPT = 5000;
/** The charts' rolling window. */
export const METRICS_WINDOW_MS = 10 * 60 * 1000;

export const initialModel = {
  /** 'connecting' (no socket yet), 'live' (hello received, socket open), 'closed' (waiting to reconnect). */
  connection: 'connecting',
  /** Counts hellos and resets: a new cluster (or a new session) starts a new one. */
  generation: 0,
  state: null,
  events: [],
  /** path → ZnodeView */
  znodes: new Map(),
  groups: [],
  metrics: [],
  labs: [],
};

function znodeMap(list) {
  const map = new Map();
  for (const node of list ?? []) map.set(node.path, node);
  return map;
}

function parentOf(path) {
  if (path === '/') return null;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function baseName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Applies one znode push, keeping the parent's children list in step until its own push comes. */
function applyZnode(znodes, path, node) {
  const next = new Map(znodes);
  const parentPath = parentOf(path);
  const parent = parentPath === null ? undefined : next.get(parentPath);
  const name = baseName(path);
  if (node === null) {
    next.delete(path);
    for (const key of next.keys()) if (key.startsWith(path + '/')) next.delete(key);
    if (parent && parent.children.includes(name)) next.set(parentPath, { ...parent, children: parent.children.filter((c) => c !== name) });
  } else {
    next.set(path, node);
    if (parent && !parent.children.includes(name)) next.set(parentPath, { ...parent, children: [...parent.children, name] });
  }
  return next;
}

function windowed(samples) {
  if (samples.length === 0) return samples;
  const newest = samples[samples.length - 1].time;
  const from = newest - METRICS_WINDOW_MS;
  const first = samples.findIndex((s) => s.time >= from);
  return first <= 0 ? samples : samples.slice(first);
}

function sortedEvents(events) {
  return [...(events ?? [])].sort((a, b) => a.seq - b.seq).slice(-EVENTS_KEPT);
}

/** A line the page itself adds to the timeline where the observatory switched clusters. */
function resetMarker(model) {
  return {
    seq: -1,
    time: Date.now(),
    kind: 'observatory-reset',
    source: 'observatory',
    message: `The observatory switched to another cluster (${model.state?.target?.lab ? `lab ${model.state.target.lab}` : 'its own'}); the tables start over from it.`,
    local: true,
    generation: model.generation,
  };
}

export function reduce(model, action) {
  switch (action.type) {
    case 'connection':
      return { ...model, connection: action.connection };
    case 'message':
      return applyMessage(model, action.message);
    default:
      return model;
  }
}

function applyMessage(model, message) {
  switch (message.type) {
    case 'hello':
      return {
        ...model,
        connection: 'live',
        generation: model.generation + 1,
        state: message.state,
        events: sortedEvents(message.events).map((e) => ({ ...e, generation: model.generation + 1 })),
        znodes: znodeMap(message.znodes),
        groups: message.groups ?? [],
        metrics: windowed([...(message.metrics ?? [])].sort((a, b) => a.time - b.time)),
        labs: message.labs ?? model.labs,
      };
    case 'state':
      return { ...model, state: message.state };
    case 'event': {
      const event = { ...message.event, generation: model.generation };
      const events = model.events;
      // The socket delivers in order; a duplicate (same generation and seq) is dropped.
      if (events.some((e) => e.generation === event.generation && e.seq === event.seq && !e.local)) return model;
      const next = events.length >= EVENTS_KEPT ? events.slice(events.length - EVENTS_KEPT + 1) : events.slice();
      next.push(event);
      return { ...model, events: next };
    }
    case 'znode':
      return { ...model, znodes: applyZnode(model.znodes, message.path, message.node) };
    case 'groups':
      return { ...model, groups: message.groups ?? [] };
    case 'metrics':
      return { ...model, metrics: windowed([...model.metrics, message.sample]) };
    case 'reset': {
      // Another cluster: its own state, tree, groups and metrics. The timeline keeps what came
      // before (a lab's narration spans the switch), behind a marker line.
      const switched = { ...model, generation: model.generation + 1, state: message.state };
      return {
        ...switched,
        znodes: znodeMap(message.znodes),
        groups: [],
        metrics: [],
        events: [...model.events, resetMarker(switched)].slice(-EVENTS_KEPT),
      };
    }
    default:
      return model;
  }
}
