// How ConfigCommand.main reports a failure: IllegalArgumentException and
// InvalidConfigurationException print their message alone; anything else prints the arguments
// and the exception (its first line: Kafka's stack trace is left out). Exit status 1 either way.

import { ConfigError } from '../../common/config';
import { ErrorCode } from '../../protocol/errors';
import { AdminError } from '../../zk/admin/admin-zk-client';
import { BrokerConfigsError } from './broker-configs-client';
import { ConfigCommandError } from './config-command-options';

function isPlainFailure(error: unknown): boolean {
  if (error instanceof ConfigCommandError) return true;
  if (error instanceof AdminError && error.errorCode === ErrorCode.INVALID_CONFIG) return true;
  // Scala's require() in DynamicConfig's validation throws IllegalArgumentException.
  return error instanceof ConfigError && error.message.startsWith('requirement failed');
}

function javaExceptionLine(error: unknown): string {
  if (error instanceof ConfigError) return `org.apache.kafka.common.config.ConfigException: ${error.message}`;
  if (error instanceof AdminError && error.errorCode === ErrorCode.UNKNOWN_SERVER_ERROR) return `kafka.admin.AdminOperationException: ${error.message}`;
  if (error instanceof AdminError && error.errorCode === ErrorCode.INVALID_TOPIC_EXCEPTION) return `org.apache.kafka.common.errors.InvalidTopicException: ${error.message}`;
  if (error instanceof BrokerConfigsError) return error.message;
  return (error as Error)?.stack ?? String(error);
}

/** The stderr lines for `error` thrown while running with `args`. */
export function configCommandFailure(error: unknown, args: readonly string[]): string[] {
  if (isPlainFailure(error)) return [(error as Error).message];
  return [`Error while executing config command with args '${args.join(' ')}'`, javaExceptionLine(error)];
}
