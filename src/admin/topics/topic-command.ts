// kafka-topics' command logic (Kafka 2.4.1 TopicCommand): one TopicService per connection kind
// (--zookeeper: ZooKeeper directly; --bootstrap-server: the admin API through kafkajs), the same
// dispatch, and the same "Error while executing topic command : <message>" on failure.

import {
  parseReplicaAssignment,
  parseTopicConfigsToBeAdded,
  parseTopicConfigsToBeDeleted,
  type TopicCommandOptions,
} from './topic-command-options';

export type Println = (line: string) => void;

/** TopicCommand.CommandTopicPartition: what --create/--alter ask for, parsed when the command runs. */
export interface CommandTopic {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  replicaAssignment?: Map<number, number[]>;
  configsToAdd: Map<string, string>;
  configsToDelete: string[];
  ifNotExists: boolean;
}

export function commandTopic(opts: TopicCommandOptions, out: Println): CommandTopic {
  const { configs, warnings } = parseTopicConfigsToBeAdded(opts.config);
  warnings.forEach(out);
  return {
    name: opts.topic!,
    partitions: opts.partitions,
    replicationFactor: opts.replicationFactor,
    // Kafka treats an empty --replica-assignment as absent.
    replicaAssignment: opts.replicaAssignment ? parseReplicaAssignment(opts.replicaAssignment) : undefined,
    configsToAdd: configs,
    configsToDelete: parseTopicConfigsToBeDeleted(opts.deleteConfig),
    ifNotExists: !!opts.ifNotExists,
  };
}

export interface TopicService {
  createTopic(topic: CommandTopic): Promise<void>;
  listTopics(opts: TopicCommandOptions): Promise<void>;
  alterTopic(opts: TopicCommandOptions): Promise<void>;
  describeTopic(opts: TopicCommandOptions): Promise<void>;
  deleteTopic(opts: TopicCommandOptions): Promise<void>;
  close(): Promise<void>;
}

/** A name with both '.' and '_' may collide with another topic in metric names. */
export function hasCollisionChars(topic: string): boolean {
  return topic.includes('.') || topic.includes('_');
}

export const COLLISION_WARNING =
  "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could " +
  'collide. To avoid issues it is best to use either, but not both.';

/** TopicCommand.ensureTopicExists. */
export function ensureTopicExists(found: readonly string[], requested: string | undefined, requireExists = true): void {
  if (requested !== undefined && requireExists && found.length === 0) {
    throw new Error(`Topic '${requested}' does not exist as expected`);
  }
}

/**
 * Runs the one action of `opts` (already checked with checkTopicCommandArgs) and closes the
 * service. Returns the exit code: 0, or 1 after printing Kafka's error line to `out` (stdout, as
 * Kafka's println does).
 */
export async function runTopicCommand(opts: TopicCommandOptions, service: TopicService, out: Println): Promise<number> {
  let exitCode = 0;
  try {
    if (opts.create) {
      const topic = commandTopic(opts, out);
      if (hasCollisionChars(topic.name)) out(COLLISION_WARNING);
      await service.createTopic(topic);
    } else if (opts.alter) await service.alterTopic(opts);
    else if (opts.list) await service.listTopics(opts);
    else if (opts.describe) await service.describeTopic(opts);
    else if (opts.delete) await service.deleteTopic(opts);
  } catch (error) {
    out(`Error while executing topic command : ${(error as Error).message}`);
    exitCode = 1;
  } finally {
    await service.close().catch(() => undefined);
  }
  return exitCode;
}

