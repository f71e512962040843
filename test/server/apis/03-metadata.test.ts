import { silentLogger } from '../../../src/common/logger';
import { ErrorCode } from '../../../src/protocol/errors';
import { createMetadataHandler } from '../../../src/server/apis/03-metadata';
import { RequestContext } from '../../../src/server/apis/api-handler';
import { MetadataCache } from '../../../src/server/metadata-cache';

const ctx = (version: number) =>
  new RequestContext(
    { requestApiKey: 3, requestApiVersion: version, correlationId: 1, clientId: 'test' },
    { listenerName: 'PLAINTEXT', clientHost: '127.0.0.1', clientPort: 1, connectionId: 'c' },
  );

describe('Metadata handler and internal topics', () => {
  it('creates __consumer_offsets when asked for it by name, even with auto-creation off, as Kafka 2.4 creates internal topics', async () => {
    const created: string[] = [];
    const autoCreated: string[][] = [];
    const handler = createMetadataHandler({
      metadataCache: new MetadataCache(1),
      clusterId: 'c',
      autoCreateTopicsEnable: false,
      autoCreateTopics: async (topics) => void autoCreated.push(topics),
      createOffsetsTopic: async () => void created.push('__consumer_offsets'),
      logger: silentLogger,
    });
    const request = {
      topics: [{ name: '__consumer_offsets' }, { name: '__transaction_state' }, { name: 'plain' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    const response = await handler.handle(request, ctx(9));
    if (typeof response === 'symbol') throw new Error('expected a response');
    expect(response.topics.map((t) => [t.name, t.errorCode, t.isInternal])).toEqual([
      ['__consumer_offsets', ErrorCode.LEADER_NOT_AVAILABLE, true],
      // Transactions are not supported, so their internal topic is never created.
      ['__transaction_state', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, true],
      ['plain', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, false],
    ]);
    expect(created).toEqual(['__consumer_offsets']);
    expect(autoCreated).toEqual([]);
  });
});
