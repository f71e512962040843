/** Builds a Buffer from hex fragments; spaces are ignored so fixtures can be laid out by field. */
export function hex(...parts: string[]): Buffer {
  const text = parts.join('').replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(text)) throw new Error(`bad hex fixture: ${text}`);
  return Buffer.from(text, 'hex');
}
