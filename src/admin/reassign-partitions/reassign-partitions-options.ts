// ReassignPartitionsCommand.validateAndParseArgs (Kafka 2.4.1): exactly one action, --zookeeper,
// each action's required file options, and the options an action refuses. A failed check is a
// UsageError (printUsageAndDie: the message, the help, exit 1). The Long options (--throttle,
// --replica-alter-log-dirs-throttle, --timeout) stay text here: joptsimple converts a value only
// when the command asks for it, so a bad one fails the command, not the parse.

import { optionSpecHash } from '../../common/jvm-order/jvm-collection-order';
import { UsageError, cantBeUsedWith, missingRequired } from '../common/command-line';
import { immutableSet } from './scala-collections';

export interface ReassignPartitionsOptions {
  zookeeper?: string;
  bootstrapServer?: string;
  commandConfig?: string;
  generate?: boolean;
  execute?: boolean;
  verify?: boolean;
  reassignmentJsonFile?: string;
  topicsToMoveJsonFile?: string;
  brokerList?: string;
  disableRackAware?: boolean;
  throttle?: string;
  replicaAlterLogDirsThrottle?: string;
  timeout?: string;
}

type OptionName = keyof ReassignPartitionsOptions;

const OPTION_NAMES: Record<OptionName, string> = {
  zookeeper: 'zookeeper',
  bootstrapServer: 'bootstrap-server',
  commandConfig: 'command-config',
  generate: 'generate',
  execute: 'execute',
  verify: 'verify',
  reassignmentJsonFile: 'reassignment-json-file',
  topicsToMoveJsonFile: 'topics-to-move-json-file',
  brokerList: 'broker-list',
  disableRackAware: 'disable-rack-aware',
  throttle: 'throttle',
  replicaAlterLogDirsThrottle: 'replica-alter-log-dirs-throttle',
  timeout: 'timeout',
};

/**
 * CommandLineUtils.checkInvalidArgs: the first refused option present, in the iteration order of
 * the Scala Set 2.4.1 passes (hash order from 5 options on).
 */
function checkInvalidArgs(opts: ReassignPartitionsOptions, action: OptionName, invalid: OptionName[]): void {
  const ordered = immutableSet(invalid, { id: (n) => n, hash: (n) => optionSpecHash(OPTION_NAMES[n]) });
  const present = ordered.find((n) => opts[n] !== undefined);
  if (present !== undefined) throw cantBeUsedWith(OPTION_NAMES[action], OPTION_NAMES[present]);
}

export type Action = 'generate' | 'execute' | 'verify';

/** The checks of validateAndParseArgs after the help/version ones; returns the action. */
export function checkReassignPartitionsArgs(opts: ReassignPartitionsOptions): Action {
  const actions = (['generate', 'execute', 'verify'] as const).filter((a) => opts[a] === true);
  if (actions.length !== 1) throw new UsageError('Command must include exactly one action: --generate, --execute or --verify');
  if (opts.zookeeper === undefined) throw missingRequired('zookeeper');
  if (opts.verify) {
    if (opts.reassignmentJsonFile === undefined) {
      throw new UsageError('If --verify option is used, command must include --reassignment-json-file that was used during the --execute option');
    }
    checkInvalidArgs(opts, 'verify', ['throttle', 'replicaAlterLogDirsThrottle', 'topicsToMoveJsonFile', 'disableRackAware', 'brokerList']);
    return 'verify';
  }
  if (opts.generate) {
    if (opts.topicsToMoveJsonFile === undefined || opts.brokerList === undefined) {
      throw new UsageError('If --generate option is used, command must include both --topics-to-move-json-file and --broker-list options');
    }
    checkInvalidArgs(opts, 'generate', ['throttle', 'replicaAlterLogDirsThrottle', 'reassignmentJsonFile']);
    return 'generate';
  }
  if (opts.reassignmentJsonFile === undefined) {
    throw new UsageError('If --execute option is used, command must include --reassignment-json-file that was output during the --generate option');
  }
  checkInvalidArgs(opts, 'execute', ['topicsToMoveJsonFile', 'disableRackAware', 'brokerList']);
  return 'execute';
}
