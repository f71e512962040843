// Small formatting helpers shared by the page's views.

/** 12:03:04.567 in local time. */
export function clockTime(ms) {
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 1234567 → "1.2 M", for axis labels and rates. */
export function compact(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  if (abs >= 10 || Number.isInteger(n)) return String(Math.round(n));
  return n.toFixed(2);
}

/** Bytes per second, binary units. */
export function bytesRate(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}/s`;
}

/** "-" for the "no value" sentinels the API uses (-1, null). */
export function orDash(value) {
  return value === null || value === undefined || value === -1 ? '–' : String(value);
}

export function list(ids) {
  return ids && ids.length > 0 ? ids.join(', ') : '–';
}

/** Sorted copy by topic, then partition. */
export function byTopicPartition(a, b) {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

export function isInternalTopic(topic) {
  return typeof topic === 'string' && topic.startsWith('__');
}
