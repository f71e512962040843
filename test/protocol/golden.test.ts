// Golden byte fixtures written by hand from the protocol spec (not produced by the generator):
// each one encodes to exactly these bytes and decodes back to the value.

import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  CreateTopicsResponse,
  LeaderAndIsrRequest,
  MetadataRequest,
  ProduceRequest,
  decodeApiVersionsRequest,
  decodeApiVersionsResponse,
  decodeCreateTopicsResponse,
  decodeLeaderAndIsrRequest,
  decodeMetadataRequest,
  decodeProduceRequest,
  encodeApiVersionsRequest,
  encodeApiVersionsResponse,
  encodeCreateTopicsResponse,
  encodeLeaderAndIsrRequest,
  encodeMetadataRequest,
  encodeProduceRequest,
} from '../../src/protocol/generated';
import { RequestHeader } from '../../src/protocol/generated/request-header';
import { decodeRequestHeader, readResponseHeader, writeRequestHeader, writeResponseHeader } from '../../src/protocol/headers';
import { Reader, Writer } from '../../src/protocol/primitives';
import { hex } from './helpers/hex';

describe('ApiVersions v3 (flexible request, response header v0)', () => {
  const header: RequestHeader = { requestApiKey: 18, requestApiVersion: 3, correlationId: 7, clientId: 'cli' };
  const body: ApiVersionsRequest = { clientSoftwareName: 'kcat', clientSoftwareVersion: '1.0' };
  const requestBytes = hex(
    '0012', //          request_api_key 18
    '0003', //          request_api_version 3
    '00000007', //      correlation_id 7
    '0003 636c69', //   client_id "cli": int16 length even in header v2
    '00', //            header tagged fields: none
    '05 6b636174', //   client_software_name "kcat": compact string, uvarint(4 + 1)
    '04 312e30', //     client_software_version "1.0": uvarint(3 + 1)
    '00', //            body tagged fields: none
  );

  test('request encodes to the hand-written bytes', () => {
    const w = new Writer();
    writeRequestHeader(w, header);
    encodeApiVersionsRequest(w, body, 3);
    expect(w.toBuffer().toString('hex')).toBe(requestBytes.toString('hex'));
  });

  test('request decodes, with header v2 derived from key and version', () => {
    const r = new Reader(requestBytes);
    const { header: h, headerVersion } = decodeRequestHeader(r);
    expect(headerVersion).toBe(2);
    expect(h).toEqual(header);
    expect(decodeApiVersionsRequest(r, 3)).toEqual(body);
    expect(r.remaining).toBe(0);
  });

  const response: ApiVersionsResponse = {
    errorCode: 0,
    apiKeys: [
      { apiKey: 0, minVersion: 0, maxVersion: 8 },
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
    ],
    throttleTimeMs: 100,
  };
  const responseBytes = hex(
    '00000007', //            response header v0: correlation_id only, no tagged fields
    '0000', //                error_code 0
    '03', //                  api_keys: compact array, uvarint(2 + 1)
    '0000 0000 0008 00', //   Produce 0..8, element tagged fields
    '0012 0000 0003 00', //   ApiVersions 0..3, element tagged fields
    '00000064', //            throttle_time_ms 100
    '00', //                  body tagged fields
  );

  test('response encodes with response header v0', () => {
    const w = new Writer();
    writeResponseHeader(w, 18, 3, 7);
    encodeApiVersionsResponse(w, response, 3);
    expect(w.toBuffer().toString('hex')).toBe(responseBytes.toString('hex'));
  });

  test('response decodes', () => {
    const r = new Reader(responseBytes);
    expect(readResponseHeader(r, 18, 3)).toEqual({ correlationId: 7 });
    expect(decodeApiVersionsResponse(r, 3)).toEqual(response);
    expect(r.remaining).toBe(0);
  });
});

describe('CreateTopicsResponse v5 (tagged field)', () => {
  const value: CreateTopicsResponse = {
    throttleTimeMs: 10,
    topics: [
      {
        name: 't',
        errorCode: 0,
        errorMessage: null,
        topicConfigErrorCode: 42,
        numPartitions: 3,
        replicationFactor: 1,
        configs: [{ name: 'a', value: 'b', readOnly: true, configSource: 5, isSensitive: false }],
      },
    ],
  };
  const bytes = hex(
    '0000000a', //    throttle_time_ms 10
    '02', //          topics: 1 element
    '02 74', //       name "t"
    '0000', //        error_code 0
    '00', //          error_message null (compact: 0)
    '00000003', //    num_partitions 3
    '0001', //        replication_factor 1
    '02', //          configs: 1 element
    '02 61', //       name "a"
    '02 62', //       value "b"
    '01', //          read_only true
    '05', //          config_source 5
    '00', //          is_sensitive false
    '00', //          config tagged fields: none
    '01', //          topic tagged fields: 1 field
    '00 02 002a', //  tag 0 (TopicConfigErrorCode), size 2, value 42
    '00', //          body tagged fields: none
  );

  test('encodes the tagged field only because it is not the default', () => {
    const w = new Writer();
    encodeCreateTopicsResponse(w, value, 5);
    expect(w.toBuffer().toString('hex')).toBe(bytes.toString('hex'));

    const withDefault = { ...value, topics: [{ ...value.topics[0], topicConfigErrorCode: 0 }] };
    const w2 = new Writer();
    encodeCreateTopicsResponse(w2, withDefault, 5);
    // Same bytes up to the topic's tag section, which shrinks to the single byte 00.
    const withoutTag = Buffer.concat([bytes.subarray(0, bytes.length - 6), hex('00', '00')]);
    expect(w2.toBuffer().toString('hex')).toBe(withoutTag.toString('hex'));
  });

  test('decodes, and skips an unknown tag', () => {
    expect(decodeCreateTopicsResponse(new Reader(bytes), 5)).toEqual(value);
    const withUnknownTag = hex(
      '0000000a 02 0274 0000 00 00000003 0001 02 0261 0262 01 05 00 00',
      '02', //          topic tagged fields: 2 fields
      '00 02 002a', //  tag 0 = 42
      '07 03 aabbcc', //tag 7: unknown, 3 bytes skipped
      '00',
    );
    const r = new Reader(withUnknownTag);
    expect(decodeCreateTopicsResponse(r, 5)).toEqual(value);
    expect(r.remaining).toBe(0);
  });

  test('refuses the tagged field in a version that lacks it', () => {
    expect(() => encodeCreateTopicsResponse(new Writer(), value, 4)).toThrow(/TopicConfigErrorCode/);
  });
});

describe('LeaderAndIsrRequest v4 (flexible with common structs)', () => {
  const value: LeaderAndIsrRequest = {
    controllerId: 1,
    controllerEpoch: 2,
    brokerEpoch: 3n,
    ungroupedPartitionStates: [],
    topicStates: [
      {
        topicName: 'x',
        partitionStates: [
          {
            topicName: '', // only carried in v0-1; grouped by topic since v2
            partitionIndex: 0,
            controllerEpoch: 2,
            leader: 1,
            leaderEpoch: 5,
            isr: [1, 2],
            zkVersion: 9,
            replicas: [1, 2],
            addingReplicas: [],
            removingReplicas: [2],
            isNew: true,
          },
        ],
      },
    ],
    liveLeaders: [{ brokerId: 1, hostName: 'h', port: 9092 }],
  };
  const bytes = hex(
    '00000001', //          controller_id 1
    '00000002', //          controller_epoch 2
    '0000000000000003', //  broker_epoch 3
    '02', //                topic_states: 1
    '02 78', //             topic_name "x"
    '02', //                partition_states: 1
    '00000000', //          partition_index 0
    '00000002', //          controller_epoch 2
    '00000001', //          leader 1
    '00000005', //          leader_epoch 5
    '03 00000001 00000002', // isr [1, 2]: compact array of int32
    '00000009', //          zk_version 9
    '03 00000001 00000002', // replicas [1, 2]
    '01', //                adding_replicas []
    '02 00000002', //       removing_replicas [2]
    '01', //                is_new true
    '00', //                partition state tagged fields
    '00', //                topic state tagged fields
    '02', //                live_leaders: 1
    '00000001 02 68 00002384 00', // broker_id 1, host_name "h", port 9092, tagged fields
    '00', //                body tagged fields
  );

  test('encodes and decodes', () => {
    const w = new Writer();
    encodeLeaderAndIsrRequest(w, value, 4);
    expect(w.toBuffer().toString('hex')).toBe(bytes.toString('hex'));
    expect(decodeLeaderAndIsrRequest(new Reader(bytes), 4)).toEqual(value);
  });
});

describe('classic (non-flexible) messages', () => {
  test('MetadataRequest v1 with a null topic array (all topics)', () => {
    const value: MetadataRequest = {
      topics: null,
      allowAutoTopicCreation: true, // the default: v1 cannot carry it
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    const bytes = hex('ffffffff'); // topics: int32 -1 = null
    const w = new Writer();
    encodeMetadataRequest(w, value, 1);
    expect(w.toBuffer().toString('hex')).toBe(bytes.toString('hex'));
    expect(decodeMetadataRequest(new Reader(bytes), 1)).toEqual(value);
  });

  test('MetadataRequest v0 cannot express a null topic array', () => {
    const value: MetadataRequest = {
      topics: null,
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    expect(() => encodeMetadataRequest(new Writer(), value, 0)).toThrow(/not nullable in version 0/);
    expect(() => decodeMetadataRequest(new Reader(hex('ffffffff')), 0)).toThrow(/null/);
  });

  test('ProduceRequest v3 with a small records field', () => {
    const records = Buffer.from('deadbeef', 'hex');
    const value: ProduceRequest = {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, records }] }],
    };
    const bytes = hex(
      'ffff', //          transactional_id null (int16 -1)
      'ffff', //          acks -1
      '00007530', //      timeout_ms 30000
      '00000001', //      topics: 1
      '0001 74', //       name "t"
      '00000001', //      partitions: 1
      '00000000', //      partition_index 0
      '00000004 deadbeef', // records: int32 length 4 + bytes
    );
    const w = new Writer();
    encodeProduceRequest(w, value, 3);
    expect(w.toBuffer().toString('hex')).toBe(bytes.toString('hex'));

    const decoded = decodeProduceRequest(new Reader(bytes), 3);
    expect(decoded).toEqual(value);
    // Zero-copy: the records are a view into the request buffer.
    const decodedRecords = decoded.topics[0].partitions[0].records!;
    expect(decodedRecords.buffer).toBe(bytes.buffer);
    expect(decodedRecords.byteOffset).toBe(bytes.byteOffset + bytes.length - 4);
  });
});
