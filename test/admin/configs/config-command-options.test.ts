import { UsageError } from '../../../src/admin/common/command-line';
import { ConfigCommandError, checkConfigCommandArgs, parseConfigsToBeAdded, parseConfigsToBeDeleted, parseEntity, type ConfigCommandOptions } from '../../../src/admin/configs/config-command-options';
import { desanitize, sanitize } from '../../../src/admin/configs/config-entity';

const zk = (extra: Partial<ConfigCommandOptions>): ConfigCommandOptions => ({ zookeeper: 'localhost:2181', ...extra });

describe('kafka-configs arguments (ConfigCommandOptions.checkArgs)', () => {
  it('needs exactly one action, as a usage error', () => {
    expect(() => checkConfigCommandArgs(zk({ entityType: ['topics'] }))).toThrow(new UsageError('Command must include exactly one action: --describe, --alter'));
    expect(() => checkConfigCommandArgs(zk({ alter: true, describe: true, entityType: ['topics'] }))).toThrow(UsageError);
  });

  it('checks entity types against the connection used', () => {
    expect(() => checkConfigCommandArgs(zk({ describe: true, entityType: ['groups'] }))).toThrow(
      new ConfigCommandError('Invalid entity-type groups, --entity-type must be one of topics,clients,users,brokers with the --zookeeper argument'),
    );
    expect(() => checkConfigCommandArgs({ bootstrapServer: 'localhost:9092', describe: true, entityType: ['topics'], entityName: ['t'] })).toThrow(
      new ConfigCommandError('Invalid entity-type topics, --entity-type must be one of brokers,broker-loggers with the --bootstrap-server argument'),
    );
    expect(() => checkConfigCommandArgs(zk({ describe: true, entityType: ['topics', 'brokers'] }))).toThrow(new ConfigCommandError("Only 'users' and 'clients' entity types may be specified together"));
    expect(() => checkConfigCommandArgs(zk({ describe: true, entityType: ['users', 'clients'] }))).not.toThrow();
  });

  it('wants a broker id that is an integer, and an entity for --bootstrap-server', () => {
    expect(() => checkConfigCommandArgs(zk({ describe: true, entityType: ['brokers'], entityName: ['one'] }))).toThrow(
      new ConfigCommandError('The entity name for brokers must be a valid integer broker id , but it is: one'),
    );
    expect(() => checkConfigCommandArgs({ bootstrapServer: 'localhost:9092', describe: true, entityType: ['brokers'] })).toThrow(
      new ConfigCommandError('At least one of --entity-name or --entity-default must be specified with --bootstrap-server'),
    );
  });

  it('wants a name and something to change for --alter', () => {
    expect(() => checkConfigCommandArgs(zk({ alter: true, entityType: ['topics'], addConfig: 'a=1' }))).toThrow(new ConfigCommandError('--entity-name must be specified with --alter of topics'));
    expect(() => checkConfigCommandArgs(zk({ alter: true, entityType: ['brokers'], addConfig: 'a=1' }))).toThrow(
      new ConfigCommandError('--entity-name or --entity-default must be specified with --alter of users, clients or brokers'),
    );
    expect(() => checkConfigCommandArgs(zk({ alter: true, entityType: ['topics'], entityName: ['t'] }))).toThrow(
      new ConfigCommandError('At least one of --add-config or --delete-config must be specified with --alter'),
    );
  });
});

describe('kafka-configs --add-config and --delete-config', () => {
  it('splits on commas outside brackets and drops the brackets', () => {
    const { configs, warnings } = parseConfigsToBeAdded('retention.ms=1000, leader.replication.throttled.replicas=[0:1,1:2],cleanup.policy = compact,');
    expect([...configs]).toEqual([
      ['retention.ms', '1000'],
      ['leader.replication.throttled.replicas', '0:1,1:2'],
      ['cleanup.policy', 'compact'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps empty values, refuses pairs without one "="', () => {
    expect([...parseConfigsToBeAdded('ssl.endpoint.identification.algorithm=').configs]).toEqual([['ssl.endpoint.identification.algorithm', '']]);
    expect(() => parseConfigsToBeAdded('a=1,b')).toThrow('requirement failed: Invalid entity config: all configs to be added must be in the format "key=val".');
    expect(() => parseConfigsToBeAdded('a=1=2')).toThrow(ConfigCommandError);
  });

  it('warns about message.format.version', () => {
    expect(parseConfigsToBeAdded('message.format.version=0.10.2').warnings[0]).toMatch(/^WARNING: The configuration message.format.version=0.10.2 is specified\./);
  });

  it('takes comma-separated and repeated --delete-config', () => {
    expect(parseConfigsToBeDeleted(['a, b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('kafka-configs entities', () => {
  it('names topics, brokers and the broker default as Kafka prints them', () => {
    expect(String(parseEntity(zk({ entityType: ['topics'], entityName: ['t'] })))).toBe("topic 't'");
    expect(String(parseEntity(zk({ entityType: ['brokers'], entityName: ['1'] })))).toBe("brokers '1'");
    expect(parseEntity(zk({ entityType: ['brokers'], entityDefault: true })).fullSanitizedName).toBe('<default>');
    expect(String(parseEntity(zk({ entityType: ['brokers'], entityDefault: true })))).toBe('default brokers');
  });

  it('puts the user first in a user/client pair, matching names to types in the order given', () => {
    const entity = parseEntity(zk({ alter: true, entityType: ['clients', 'users'], entityName: ['app 1', 'alice'], entityNameOrder: ['name', 'name'] }));
    expect(entity.fullSanitizedName).toBe('alice/clients/app%201');
    expect(String(entity)).toBe("user-principal 'alice', client-id 'app 1'");
    const defaults = parseEntity(zk({ alter: true, entityType: ['users', 'clients'], entityName: ['bob'], entityDefault: true, entityNameOrder: ['default', 'name'] }));
    expect(defaults.fullSanitizedName).toBe('<default>/clients/bob');
  });

  it('sanitizes user and client names as Kafka Sanitizer does', () => {
    expect(sanitize('CN=a b,O=x*+é')).toBe('CN%3Da%20b%2CO%3Dx%2A%2B%C3%A9');
    expect(desanitize(sanitize('CN=a b,O=x*+é'))).toBe('CN=a b,O=x*+é');
  });
});
