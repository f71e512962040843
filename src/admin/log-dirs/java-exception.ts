// The exceptions LogDirsCommand dies with, as the JVM reports an uncaught one: `Exception in
// thread "main" <class>: <message>`, then `Caused by: <cause>` when it wraps one (the stack
// trace lines between them are left out). The admin client's failures reach the tool wrapped in
// java.util.concurrent.ExecutionException, whose message is the cause's toString.

export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
    readonly causeText?: string,
  ) {
    super(message);
  }

  /** The lines the JVM prints on stderr for it. */
  lines(): string[] {
    const head = `Exception in thread "main" ${this.javaClass}: ${this.message}`;
    return this.causeText === undefined ? [head] : [head, `Caused by: ${this.causeText}`];
  }
}

const ERRORS = 'org.apache.kafka.common.errors.';

/** KafkaFuture.get's ExecutionException around an org.apache.kafka.common.errors exception. */
export function executionException(errorClass: string, message: string): JavaException {
  const cause = `${ERRORS}${errorClass}: ${message}`;
  return new JavaException('java.util.concurrent.ExecutionException', cause, cause);
}

/** The admin client's call deadline passed without the broker it needs in its metadata. */
export const nodeAssignmentTimeout = () => executionException('TimeoutException', 'Timed out waiting for a node assignment.');
