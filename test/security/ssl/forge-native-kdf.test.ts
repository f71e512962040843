import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { forgeJavaScriptKdf, useNativeKeyDerivation } from '../../../src/security/ssl/forge-native-kdf';

useNativeKeyDerivation();

describe("node-forge's key derivations done by node:crypto give forge's own results", () => {
  const digests = ['sha1', 'sha256', 'sha384', 'sha512'] as const;

  it.each(digests)('PKCS12 key derivation (RFC 7292 B.2) with %s, for MAC, key and IV ids and odd lengths', (digest) => {
    const native = (forge as unknown as { pbe: { generatePkcs12Key: (...args: unknown[]) => forge.util.ByteStringBuffer } }).pbe.generatePkcs12Key;
    for (let trial = 0; trial < 6; trial++) {
      const password = trial === 0 ? '' : trial === 1 ? 'pässwörd-ünicode' : randomBytes(1 + trial * 7).toString('base64');
      const salt = randomBytes(trial === 2 ? 0 : 8 + trial * 5).toString('binary');
      const id = 1 + (trial % 3);
      const iterations = 1 + trial * 37;
      const length = [20, 24, 8, 32, 64, 100][trial];
      const expected = forgeJavaScriptKdf.pkcs12Key(password, forge.util.createBuffer(salt), id, iterations, length, forge.md[digest].create()).toHex();
      expect(native(password, forge.util.createBuffer(salt), id, iterations, length, forge.md[digest].create()).toHex()).toBe(expected);
    }
  });

  it.each(digests)('PBKDF2 with an HMAC-%s digest object', (digest) => {
    const password = 'secret';
    const salt = randomBytes(16).toString('binary');
    const expected = forgeJavaScriptKdf.pbkdf2(password, salt, 300, 32, forge.md[digest].create());
    expect(forge.pkcs5.pbkdf2(password, salt, 300, 32, forge.md[digest].create())).toBe(expected);
  });
});
