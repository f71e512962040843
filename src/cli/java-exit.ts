// How a Kafka tool ends when its main throws: the JVM prints `Exception in thread "main" <class>:
// <message>` (and any cause) on stderr and exits with status 1. The stack trace is left out.

import { AdminCommandFailedException, AdminOperationException } from '../admin/common/kafka-exceptions';

export function dieWithJavaException(error: unknown): never {
  if (error instanceof AdminCommandFailedException) {
    process.stderr.write(`Exception in thread "main" ${error.javaClass}: ${error.message}\n`);
    if (error.causeText !== undefined) process.stderr.write(`Caused by: ${error.causeText}\n`);
  } else if (error instanceof AdminOperationException) {
    process.stderr.write(`Exception in thread "main" ${error.javaClass}: ${error.message}\n`);
  } else {
    process.stderr.write(`Exception in thread "main" ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}
