// Kafka's names for log dirs and the paths it names them by.

import { futureDirName, javaAbsolutePath, parseFutureDirName, parseLogDirName } from '../../src/log/file-names';

describe('javaAbsolutePath', () => {
  it('resolves against the working dir and normalizes slashes only, as java.io.File does', () => {
    expect(javaAbsolutePath('/data/kafka')).toBe('/data/kafka');
    expect(javaAbsolutePath('/data//kafka/')).toBe('/data/kafka');
    expect(javaAbsolutePath('data', '/opt/k')).toBe('/opt/k/data');
    expect(javaAbsolutePath('./data/../x', '/opt/k/')).toBe('/opt/k/./data/../x');
    expect(javaAbsolutePath('/')).toBe('/');
  });
});

describe('future dirs', () => {
  it('are named <topic>-<partition>.<32 hex>-future and parse back, dots and dashes in the topic included', () => {
    const name = futureDirName('my.topic-x', 12);
    expect(name).toMatch(/^my\.topic-x-12\.[0-9a-f]{32}-future$/);
    expect(parseFutureDirName(name)).toEqual({ topic: 'my.topic-x', partition: 12 });
    expect(parseLogDirName(name)).toEqual({ topic: 'my.topic-x', partition: 12 });
    expect(parseLogDirName('my.topic-x-12')).toEqual({ topic: 'my.topic-x', partition: 12 });
    expect(parseFutureDirName('t-0-future')).toBeNull();
    expect(parseLogDirName('t-0.abc-delete')).toBeNull();
  });
});
