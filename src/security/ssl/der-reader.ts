// A minimal DER reader: enough to walk an X.509 certificate down to its subject name while keeping
// each element's exact bytes (Java prints non-string name attributes as the hex of their encoding,
// so re-encoding through a parsed tree would risk changing what is printed).

export interface DerElement {
  /** The identifier octet's class and constructed bits plus tag number, e.g. 0x30 for SEQUENCE. */
  readonly tag: number;
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offsets into the buffer the element was read from. */
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  GENERAL_STRING: 0x1b,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Reads the element starting at `offset`, which must end by `limit`. */
export function readDerElement(buf: Uint8Array, offset: number, limit: number = buf.length): DerElement {
  let pos = offset;
  if (pos >= limit) throw new DerError(`DER element expected at offset ${offset}, found the end of the data`);
  const first = buf[pos++];
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let byte: number;
    do {
      if (pos >= limit) throw new DerError(`truncated DER tag at offset ${offset}`);
      byte = buf[pos++];
      tagNumber = tagNumber * 128 + (byte & 0x7f);
    } while (byte & 0x80);
  }
  if (pos >= limit) throw new DerError(`truncated DER length at offset ${offset}`);
  let length = buf[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids; more than 4 octets cannot fit a buffer.
    if (count === 0 || count > 4) throw new DerError(`unsupported DER length form at offset ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) {
      if (pos >= limit) throw new DerError(`truncated DER length at offset ${offset}`);
      length = length * 256 + buf[pos++];
    }
  }
  const end = pos + length;
  if (end > limit) throw new DerError(`DER element at offset ${offset} runs past its container`);
  return { tag: first, tagClass, constructed, tagNumber, start: offset, contentStart: pos, end };
}

/** The children of a constructed element, in order. */
export function derChildren(buf: Uint8Array, parent: DerElement): DerElement[] {
  if (!parent.constructed) throw new DerError(`DER element at offset ${parent.start} is not constructed`);
  const children: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readDerElement(buf, pos, parent.end);
    children.push(child);
    pos = child.end;
  }
  return children;
}

export function derContent(buf: Uint8Array, element: DerElement): Uint8Array {
  return buf.subarray(element.contentStart, element.end);
}

export function derEncoding(buf: Uint8Array, element: DerElement): Uint8Array {
  return buf.subarray(element.start, element.end);
}

/** Dotted form of an OBJECT IDENTIFIER's content octets ("2.5.4.3"). */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  for (let i = 0; i < content.length; i++) {
    value = (value << 7n) | BigInt(content[i] & 0x7f);
    if ((content[i] & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    } else if (i === content.length - 1) {
      throw new DerError('truncated OBJECT IDENTIFIER');
    }
  }
  // The first subidentifier packs the first two arcs (X.690 8.19.4).
  const head = arcs[0];
  const firstTwo = head < 40n ? [0n, head] : head < 80n ? [1n, head - 40n] : [2n, head - 80n];
  return [...firstTwo, ...arcs.slice(1)].map(String).join('.');
}
