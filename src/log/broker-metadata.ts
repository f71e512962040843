// meta.properties in each log dir: which broker and cluster the data belongs to. Written in Java
// properties format exactly as Kafka's BrokerMetadataCheckpoint (Properties.store) does, so a
// real Kafka broker could adopt the directory and vice versa.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { META_PROPERTIES_FILE } from './file-names';
import { existsSync, writeFileAtomically } from './fs-util';

export interface BrokerMetadata {
  brokerId: number;
  clusterId?: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** java.util.Date#toString in UTC: `Sun Nov 22 14:07:09 UTC 2026`. */
export function javaDateString(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** Escapes like Properties.store: backslash, separators and comment characters, non-ASCII as \uXXXX. */
function escapeProperty(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if (c === '=' || c === ':' || c === '#' || c === '!') out += '\\' + c;
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    else out += c;
  }
  return out;
}

/** Renders Java properties with Kafka's empty comment line and the date line. */
export function renderProperties(entries: [string, string][], nowMs: number): string {
  let out = `#\n#${javaDateString(nowMs)}\n`;
  for (const [k, v] of entries) out += `${escapeProperty(k, true)}=${escapeProperty(v, false)}\n`;
  return out;
}

/** Parses Java properties text (comments, `=`/`:`/space separators, escapes, continuations). */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const rawLines = text.split(/\r\n|\r|\n/);
  const logical: string[] = [];
  let acc: string | null = null;
  for (const raw of rawLines) {
    const line: string = acc === null ? raw.replace(/^[ \t\f]+/, '') : acc + raw.replace(/^[ \t\f]+/, '');
    const trailing = /\\+$/.exec(line);
    if (trailing && trailing[0].length % 2 === 1) {
      acc = line.slice(0, -1);
      continue;
    }
    acc = null;
    logical.push(line);
  }
  if (acc !== null) logical.push(acc);
  for (const line of logical) {
    if (line.length === 0 || line[0] === '#' || line[0] === '!') continue;
    let i = 0;
    let key = '';
    while (i < line.length) {
      const c = line[i];
      if (c === '\\' && i + 1 < line.length) {
        key += line.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
      key += c;
      i++;
    }
    while (i < line.length && /[ \t\f]/.test(line[i])) i++;
    if (i < line.length && (line[i] === '=' || line[i] === ':')) i++;
    while (i < line.length && /[ \t\f]/.test(line[i])) i++;
    result.set(unescape(key), unescape(line.slice(i)));
  }
  return result;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
  });
}

export class MetaPropertiesError extends Error {}

/** Reads `<logDir>/meta.properties`; null when absent. */
export function readBrokerMetadata(logDir: string): BrokerMetadata | null {
  const file = path.join(logDir, META_PROPERTIES_FILE);
  if (!existsSync(file)) return null;
  const props = parseProperties(fs.readFileSync(file, 'utf8'));
  const version = props.get('version');
  if (version !== '0') throw new MetaPropertiesError(`unrecognized version of the server meta.properties file ${file}: ${version}`);
  const brokerIdText = props.get('broker.id');
  if (brokerIdText === undefined || !/^-?\d+$/.test(brokerIdText.trim())) {
    throw new MetaPropertiesError(`${file} has no valid broker.id`);
  }
  const clusterId = props.get('cluster.id');
  return { brokerId: Number(brokerIdText.trim()), ...(clusterId !== undefined ? { clusterId } : {}) };
}

/** Writes meta.properties atomically, in Kafka's key order (broker.id, version, cluster.id). */
export function writeBrokerMetadata(logDir: string, meta: BrokerMetadata, nowMs = Date.now()): void {
  const entries: [string, string][] = [
    ['broker.id', String(meta.brokerId)],
    ['version', '0'],
  ];
  if (meta.clusterId !== undefined) entries.push(['cluster.id', meta.clusterId]);
  writeFileAtomically(path.join(logDir, META_PROPERTIES_FILE), renderProperties(entries, nowMs));
}
