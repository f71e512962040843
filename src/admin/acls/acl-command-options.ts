// Kafka 2.4.1's AclCommandOptions: the options kafka-acls accepts (with joptsimple's arity) and
// checkArgs, in Kafka's order and with its messages. A failed check is a UsageError (message,
// help table, exit 1).

import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { optionSpecHash } from '../../common/jvm-order/jvm-collection-order';
import { UsageError, cantBeUsedWith, missingRequired } from '../common/command-line';
import type { OptionArity, ParsedOptions } from './acl-command-line';

export const ACL_OPTION_SPECS: ReadonlyMap<string, OptionArity> = new Map<string, OptionArity>([
  ['help', 'none'],
  ['version', 'none'],
  ['bootstrap-server', 'required'],
  ['command-config', 'optional'],
  ['authorizer', 'required'],
  ['authorizer-properties', 'required'],
  ['topic', 'required'],
  ['cluster', 'none'],
  ['group', 'required'],
  ['transactional-id', 'required'],
  ['idempotent', 'none'],
  ['delegation-token', 'required'],
  ['resource-pattern-type', 'required'],
  ['add', 'none'],
  ['remove', 'none'],
  ['list', 'none'],
  ['operation', 'required'],
  ['allow-principal', 'required'],
  ['deny-principal', 'required'],
  ['principal', 'optional'],
  ['allow-host', 'required'],
  ['deny-host', 'required'],
  ['producer', 'none'],
  ['consumer', 'none'],
  ['force', 'none'],
]);

/** CommandLineUtils.checkInvalidArgs: the first present option of `invalid`, in the Scala Set's order. */
function checkInvalidArgs(options: ParsedOptions, used: string, invalid: readonly string[]): void {
  if (!options.has(used)) return;
  const ordered = invalid.length > 4 ? scalaImmutableMapOrder(invalid, optionSpecHash) : invalid;
  const present = ordered.find((name) => options.has(name));
  if (present !== undefined) throw cantBeUsedWith(used, present);
}

/** AclCommandOptions.checkArgs */
export function checkAclCommandArgs(options: ParsedOptions): void {
  const has = (name: string) => options.has(name);
  if (has('bootstrap-server') && has('authorizer')) throw new UsageError('Only one of --bootstrap-server or --authorizer must be specified');
  if (!has('bootstrap-server') && !has('authorizer-properties')) throw missingRequired('authorizer-properties');
  if (has('command-config') && !has('bootstrap-server')) throw new UsageError('The --command-config option can only be used with --bootstrap-server option');
  if (has('authorizer-properties') && has('bootstrap-server')) throw new UsageError('The --authorizer-properties option can only be used with --authorizer option');
  if (['add', 'remove', 'list'].filter(has).length !== 1) throw new UsageError('Command must include exactly one action: --list, --add, --remove. ');
  checkInvalidArgs(options, 'list', ['producer', 'consumer', 'allow-host', 'allow-principal', 'deny-host', 'deny-principal']);
  checkInvalidArgs(options, 'producer', ['operation', 'deny-principal', 'deny-host']);
  checkInvalidArgs(options, 'consumer', ['operation', 'deny-principal', 'deny-host']);
  if (has('principal') && !has('list')) throw new UsageError('The --principal option is only available if --list is set');
  if (has('producer') && !has('topic')) throw new UsageError('With --producer you must specify a --topic');
  if (has('idempotent') && !has('producer')) throw new UsageError('The --idempotent option is only available if --producer is set');
  if (has('consumer') && (!has('topic') || !has('group') || (!has('producer') && (has('cluster') || has('transactional-id'))))) {
    throw new UsageError('With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.');
  }
}
