// node-forge derives the keys of a PKCS12 file in JavaScript: PBKDF2 (for PBES2, what keytool
// and openssl 3 write, 10,000 iterations by default) whenever its digest is given as an object,
// and the PKCS12 key derivation of RFC 7292 appendix B (for the MAC and the older PBE schemes).
// That is a tenth of a second or more per store on this machine, at every broker start and every
// TLS client built. Both are handed here to node:crypto, which computes the same bytes natively.

import { createHash, getHashes, pbkdf2Sync } from 'node:crypto';
import forge from 'node-forge';

let installed = false;

/** node-forge's own JavaScript derivations, kept for comparison in tests. */
export const forgeJavaScriptKdf = {
  pbkdf2: forge.pkcs5.pbkdf2 as unknown as (...args: unknown[]) => string,
  pkcs12Key: (forge as unknown as { pbe: { generatePkcs12Key: (...args: unknown[]) => forge.util.ByteStringBuffer } }).pbe.generatePkcs12Key,
};

type ForgeDigest = { algorithm?: string; blockLength?: number };

export function useNativeKeyDerivation(): void {
  if (installed) return;
  installed = true;
  const hashes = new Set(getHashes());
  const nativeName = (md: unknown): string | null => {
    if (md === null || md === undefined) return 'sha1';
    const name = typeof md === 'string' ? md : (md as ForgeDigest).algorithm;
    if (typeof name !== 'string') return null;
    const normalized = name.toLowerCase().replace('/', '-');
    return hashes.has(normalized) ? normalized : null;
  };

  const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: (...args: unknown[]) => unknown };
  const jsPbkdf2 = pkcs5.pbkdf2;
  pkcs5.pbkdf2 = (password: unknown, salt: unknown, count: unknown, dkLen: unknown, md?: unknown, callback?: unknown) => {
    const digest = typeof md === 'function' ? 'sha1' : nativeName(md);
    if (digest === null || typeof callback === 'function' || typeof md === 'function') return jsPbkdf2(password, salt, count, dkLen, md, callback);
    return pbkdf2Sync(Buffer.from(password as string, 'binary'), Buffer.from(salt as string, 'binary'), count as number, dkLen as number, digest).toString('binary');
  };

  type Pkcs12Kdf = (password: unknown, salt: forge.util.ByteStringBuffer, id: number, iter: number, n: number, md?: unknown) => forge.util.ByteStringBuffer;
  const pbe = (forge as unknown as { pbe: { generatePkcs12Key: Pkcs12Kdf } }).pbe;
  const jsPkcs12Key = pbe.generatePkcs12Key;
  const nativePkcs12Key: Pkcs12Kdf = (password, salt, id, iter, n, md) => {
    const digest = nativeName(md);
    const v = (md as ForgeDigest | undefined)?.blockLength ?? 64;
    if (digest === null || !(iter >= 1)) return jsPkcs12Key(password, salt, id, iter, n, md);
    // RFC 7292 B.2, the password as a BMPString with its two-byte terminator (as forge passes it).
    const pass = passwordBytes(password);
    const saltBytes = Buffer.from(salt.bytes(), 'binary');
    const D = Buffer.alloc(v, id);
    const repeatTo = (data: Buffer): Buffer => {
      if (data.length === 0) return Buffer.alloc(0);
      const length = v * Math.ceil(data.length / v);
      const out = Buffer.alloc(length);
      for (let i = 0; i < length; i++) out[i] = data[i % data.length];
      return out;
    };
    let I = Buffer.concat([repeatTo(saltBytes), repeatTo(pass)]);
    const result: Buffer[] = [];
    let produced = 0;
    while (produced < n) {
      let A = createHash(digest).update(D).update(I).digest();
      for (let round = 1; round < iter; round++) A = createHash(digest).update(A).digest();
      result.push(A);
      produced += A.length;
      if (produced >= n) break;
      const B = repeatTo(A).subarray(0, v);
      const next = Buffer.alloc(I.length);
      for (let j = 0; j < I.length / v; j++) {
        let carry = 1;
        for (let k = v - 1; k >= 0; k--) {
          const sum = I[j * v + k] + B[k] + carry;
          next[j * v + k] = sum & 0xff;
          carry = sum >> 8;
        }
      }
      I = next;
    }
    return forge.util.createBuffer(Buffer.concat(result).subarray(0, n).toString('binary'));
  };
  pbe.generatePkcs12Key = nativePkcs12Key;
  (forge.pkcs12 as unknown as { generateKey: unknown }).generateKey = nativePkcs12Key;
}

function passwordBytes(password: unknown): Buffer {
  if (password === null || password === undefined) return Buffer.alloc(0);
  if (typeof password !== 'string') {
    // forge also accepts a ByteStringBuffer holding the BMPString already.
    return Buffer.from((password as forge.util.ByteStringBuffer).bytes(), 'binary');
  }
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}
