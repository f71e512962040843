import { SaslError } from '../../../src/security/sasl/sasl-errors';
import {
  clientFinalMessageWithoutProof,
  clientFirstMessageBare,
  formatClientFinalMessage,
  formatClientFirstMessage,
  formatServerFinalMessage,
  parseClientFinalMessage,
  parseClientFirstMessage,
  parseServerFinalMessage,
  parseServerFirstMessage,
  serverFirstMessageText,
} from '../../../src/security/scram/scram-messages';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('SCRAM client-first message', () => {
  it('reads the gs2 header without and with an authorization id, reserved m= and extensions', () => {
    expect(parseClientFirstMessage(b('n,,n=alice,r=abc'))).toEqual({ saslName: 'alice', nonce: 'abc', authorizationId: '', extensions: new Map() });
    expect(parseClientFirstMessage(b('n,a=alice,n=alice,r=abc')).authorizationId).toBe('alice');
    expect(parseClientFirstMessage(b('n,,m=ignored,n=a=2Cb,r=x')).saslName).toBe('a=2Cb');
    const withExtensions = parseClientFirstMessage(b('n,,n=alice,r=abc,tokenauth=true,k=v=w'));
    expect([...withExtensions.extensions]).toEqual([
      ['tokenauth', 'true'],
      ['k', 'v=w'],
    ]);
  });

  it.each([
    '',
    'y,,n=alice,r=abc', // channel binding wanted: only "n" is supported
    'p=tls-unique,,n=alice,r=abc',
    'n,,n=alice',
    'n,,n=,r=abc',
    'n,,n=a=b,r=abc', // '=' must be =2C or =3D
    'n,,n=j\u00f6rg,r=abc', // SASLNAME is ASCII only
    'n,,n=alice,r=a b', // nonce: printable, no space
    'n,,n=alice,r=abc,1=x', // extension names are letters
    'n,,n=alice,r=abc,',
  ])('refuses %j with Kafka message', (text) => {
    expect(() => parseClientFirstMessage(b(text))).toThrow(new SaslError(`Invalid SCRAM client first message format: ${text}`));
  });

  it('writes the gs2 header n,, and rebuilds the bare message with extensions in java.util.HashMap order', () => {
    const message = { saslName: 'alice', nonce: 'abc', authorizationId: '', extensions: new Map() };
    expect(formatClientFirstMessage(message).toString()).toBe('n,,n=alice,r=abc');
    // Kafka 2.4.1's ClientFirstMessage gives these (recorded): "zz" is in bucket 0, "a" in 1, "b" in 2,
    // and a repeated key keeps its last value.
    const bare = (text: string): string => clientFirstMessageBare(parseClientFirstMessage(b(text)));
    expect(bare('n,,n=alice,r=abc,zz=1,a=2')).toBe('n=alice,r=abc,zz=1,a=2');
    expect(bare('n,,n=alice,r=abc,b=1,a=2')).toBe('n=alice,r=abc,a=2,b=1');
    expect(bare('n,,n=alice,r=abc,tokenauth=true,a=2,a=3')).toBe('n=alice,r=abc,a=3,tokenauth=true');
  });
});

describe('SCRAM server-first message', () => {
  it('round-trips nonce, salt and iterations', () => {
    const text = 'r=abcdef,s=QSXCR+Q6sek8bf92,i=4096';
    const message = parseServerFirstMessage(b(text));
    expect(message).toEqual({ nonce: 'abcdef', salt: Buffer.from('QSXCR+Q6sek8bf92', 'base64'), iterations: 4096 });
    expect(serverFirstMessageText(message)).toBe(text);
    expect(parseServerFirstMessage(b('m=x,r=n,s=QUI=,i=0004096,ext=1')).iterations).toBe(4096);
  });

  it.each([
    ['r=n,s=QUI=', 'Invalid SCRAM server first message format: r=n,s=QUI='],
    ['r=n,s=QUI,i=4096', 'Invalid SCRAM server first message format: r=n,s=QUI,i=4096'],
    ['r=n,s=QUI=,i=-1', 'Invalid SCRAM server first message format: r=n,s=QUI=,i=-1'],
    ['r=n,s=QUI=,i=0', 'Invalid SCRAM server first message format: invalid iterations 0'],
    ['r=n,s=QUI=,i=2147483648', 'Invalid SCRAM server first message format: invalid iterations'],
  ])('refuses %j', (text, message) => {
    expect(() => parseServerFirstMessage(b(text))).toThrow(new SaslError(message));
  });
});

describe('SCRAM client-final message', () => {
  it('round-trips channel binding biws, nonce and proof', () => {
    const text = 'c=biws,r=abcdef,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=';
    const message = parseClientFinalMessage(b(text));
    expect(message.channelBinding.toString()).toBe('n,,');
    expect(message.nonce).toBe('abcdef');
    expect(formatClientFinalMessage(message).toString()).toBe(text);
    expect(clientFinalMessageWithoutProof(message.channelBinding, message.nonce)).toBe('c=biws,r=abcdef');
    // Extensions between nonce and proof are allowed and not signed again.
    expect(parseClientFinalMessage(b('c=biws,r=n,x=1,p=QUI=')).proof.toString()).toBe('AB');
  });

  it.each(['c=biws,r=n', 'c=biws,p=QUI=', 'c=bi,r=n,p=QUI=', 'r=n,c=biws,p=QUI=', 'c=biws,r=n,p=QUI'])('refuses %j', (text) => {
    expect(() => parseClientFinalMessage(b(text))).toThrow(new SaslError(`Invalid SCRAM client final message format: ${text}`));
  });
});

describe('SCRAM server-final message', () => {
  it('is a signature or an error', () => {
    expect(parseServerFinalMessage(b('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='))).toEqual({ serverSignature: Buffer.from('rmF9pqV8S7suAoZWja4dJRkFsKQ=', 'base64') });
    expect(parseServerFinalMessage(b('e=invalid-proof'))).toEqual({ error: 'invalid-proof' });
    expect(formatServerFinalMessage({ serverSignature: Buffer.from('AB') }).toString()).toBe('v=QUI=');
    expect(formatServerFinalMessage({ error: 'other-error' }).toString()).toBe('e=other-error');
  });

  it.each(['', 'x=1', 'e=', 'e=a,b', 'v=QUI'])('refuses %j', (text) => {
    expect(() => parseServerFinalMessage(b(text))).toThrow(new SaslError(`Invalid SCRAM server final message format: ${text}`));
  });
});
