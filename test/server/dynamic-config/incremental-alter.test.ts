import { AlterConfigOp, applyIncrementalOps, brokerConfigIsList, topicConfigIsList } from '../../../src/server/dynamic-config/incremental-alter';
import { ErrorCode } from '../../../src/protocol/errors';

const op = (name: string, configOperation: number, value: string | null = null) => ({ name, configOperation, value });

describe('IncrementalAlterConfigs edits (AdminManager.prepareIncrementalConfigs)', () => {
  it('sets and deletes any name', () => {
    const config = new Map([['retention.ms', '1000'], ['segment.ms', '5']]);
    applyIncrementalOps(config, [op('retention.ms', AlterConfigOp.SET, '2000'), op('segment.ms', AlterConfigOp.DELETE), op('flush.ms', AlterConfigOp.SET, '7')], topicConfigIsList);
    expect([...config]).toEqual([['retention.ms', '2000'], ['flush.ms', '7']]);
  });

  it('appends to and subtracts from list configs, one occurrence per value', () => {
    const config = new Map([['cleanup.policy', 'compact']]);
    applyIncrementalOps(config, [op('cleanup.policy', AlterConfigOp.APPEND, 'delete,compact')], topicConfigIsList);
    expect(config.get('cleanup.policy')).toBe('compact,delete,compact');
    applyIncrementalOps(config, [op('cleanup.policy', AlterConfigOp.SUBTRACT, 'compact')], topicConfigIsList);
    expect(config.get('cleanup.policy')).toBe('delete,compact');
  });

  it("answers as 2.4.1 does for lists it cannot edit", () => {
    const config = new Map<string, string>();
    expect(() => applyIncrementalOps(config, [op('segment.ms', AlterConfigOp.APPEND, '1')], topicConfigIsList)).toThrow(
      expect.objectContaining({ errorCode: ErrorCode.INVALID_REQUEST, message: 'Config value append is not allowed for config key: segment.ms' }),
    );
    expect(() => applyIncrementalOps(config, [op('bogus', AlterConfigOp.SUBTRACT, '1')], topicConfigIsList)).toThrow(
      expect.objectContaining({ errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, message: 'key not found: bogus' }),
    );
    // No value yet: 2.4.1 dereferences null there.
    expect(() => applyIncrementalOps(config, [op('cleanup.policy', AlterConfigOp.APPEND, 'delete')], topicConfigIsList)).toThrow(expect.objectContaining({ errorCode: ErrorCode.UNKNOWN_SERVER_ERROR }));
  });

  it('knows broker list configs by their definitions', () => {
    expect(brokerConfigIsList('log.cleanup.policy')).toBe(true);
    expect(brokerConfigIsList('log.cleaner.threads')).toBe(false);
    expect(brokerConfigIsList('no.such.config')).toBeUndefined();
  });
});
