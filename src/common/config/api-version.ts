// Kafka 2.4.1's ApiVersion table (inter.broker.protocol.version, log.message.format.version):
// which version strings are valid, what they normalise to, and their record format.

/** Full version strings in order, with their record (message format) version. */
const ALL_VERSIONS: ReadonlyArray<readonly [version: string, recordVersion: 0 | 1 | 2]> = [
  ['0.8.0', 0], ['0.8.1', 0], ['0.8.2', 0], ['0.9.0', 0],
  ['0.10.0-IV0', 1], ['0.10.0-IV1', 1], ['0.10.1-IV0', 1], ['0.10.1-IV1', 1], ['0.10.1-IV2', 1], ['0.10.2-IV0', 1],
  ['0.11.0-IV0', 2], ['0.11.0-IV1', 2], ['0.11.0-IV2', 2], ['1.0-IV0', 2], ['1.1-IV0', 2],
  ['2.0-IV0', 2], ['2.0-IV1', 2], ['2.1-IV0', 2], ['2.1-IV1', 2], ['2.1-IV2', 2],
  ['2.2-IV0', 2], ['2.2-IV1', 2], ['2.3-IV0', 2], ['2.3-IV1', 2], ['2.4-IV0', 2], ['2.4-IV1', 2],
];

export interface ApiVersion {
  /** Full version, e.g. "2.4-IV1". */
  version: string;
  /** Short version, e.g. "2.4". */
  shortVersion: string;
  recordVersion: 0 | 1 | 2;
  /** Position in the table: later versions compare greater. */
  ordinal: number;
}

const shortOf = (v: string) => (v.includes('-') ? v.slice(0, v.indexOf('-')) : v);

// Keys are full versions plus short versions; a short version maps to its latest full version.
const BY_KEY = new Map<string, ApiVersion>();
ALL_VERSIONS.forEach(([version, recordVersion], ordinal) => {
  const v: ApiVersion = { version, shortVersion: shortOf(version), recordVersion, ordinal };
  BY_KEY.set(version, v);
  BY_KEY.set(v.shortVersion, v);
});

export const LATEST_API_VERSION = '2.4-IV1';

/**
 * ApiVersion.apply: keeps the first three dot-separated segments for "0.x" versions and two
 * otherwise, so "2.4.1" means "2.4" (= 2.4-IV1) and "0.10.0.1" means "0.10.0" (= 0.10.0-IV1).
 */
export function parseApiVersion(text: string): ApiVersion | undefined {
  const segments = text.split('.');
  const key = segments.slice(0, text.startsWith('0.') ? 3 : 2).join('.');
  return BY_KEY.get(key);
}

/** The validator's complaint, in ApiVersionValidator's words, or undefined when valid. */
export function apiVersionProblem(text: string): string | undefined {
  return parseApiVersion(text) ? undefined : `Version \`${text}\` is not a valid version`;
}

/** ApiVersion.minSupportedFor(recordVersion).shortVersion, for the format/IBP check. */
export function minVersionForRecordVersion(recordVersion: 0 | 1 | 2): string {
  return ['0.8.0', '0.10.0', '0.11.0'][recordVersion]!;
}
