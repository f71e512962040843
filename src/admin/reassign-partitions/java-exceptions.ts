// The Java exceptions Kafka 2.4.1's ReassignPartitionsCommand fails with, by the class name its
// failure report prints. Its main catches every Throwable and prints "Partitions reassignment
// failed due to <getMessage>" and then the stack trace, whose first line is
// "<class>: <message>" (just "<class>" without a message) and, for a wrapped cause,
// "Caused by: <cause>". We print those lines and leave out the JVM's "\tat ..." frames.

import { readFileSync } from 'node:fs';
import { AdminCommandFailedException, AdminOperationException } from '../common/kafka-exceptions';

export class JavaException extends Error {
  /** Throwable.getMessage: null for an exception built without one. */
  readonly javaMessage: string | null;

  constructor(
    readonly javaClass: string,
    message: string | null,
    /** The causes' toString, outermost first. */
    readonly causes: readonly string[] = [],
  ) {
    super(message ?? '');
    this.javaMessage = message;
  }
}

/** Throwable.getMessage, "null" when it has none (Scala's string concatenation prints that). */
export function javaMessage(error: unknown): string {
  if (error instanceof JavaException) return error.javaMessage ?? 'null';
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The non-frame lines of Utils.stackTrace(e). */
export function javaStackTraceLines(error: unknown): string[] {
  let javaClass = 'java.lang.RuntimeException';
  let causes: readonly string[] = [];
  if (error instanceof JavaException) {
    javaClass = error.javaClass;
    causes = error.causes;
  } else if (error instanceof AdminCommandFailedException) {
    javaClass = error.javaClass;
    causes = error.causeText === undefined ? [] : [error.causeText];
  } else if (error instanceof AdminOperationException) {
    javaClass = error.javaClass;
  }
  const message = error instanceof JavaException ? error.javaMessage : javaMessage(error);
  const head = message === null ? javaClass : `${javaClass}: ${message}`;
  return [head, ...causes.map((c) => `Caused by: ${c}`)];
}

/** Utils.readFileAsString (Files.readAllBytes), failing with the java.nio exception for the path. */
export function readFileAsString(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new JavaException('java.nio.file.NoSuchFileException', path);
    if (code === 'EACCES' || code === 'EPERM') throw new JavaException('java.nio.file.AccessDeniedException', path);
    // What Java 17's Files.readAllBytes reports for a directory on Linux.
    if (code === 'EISDIR') throw new JavaException('java.io.IOException', 'No such device');
    throw new JavaException('java.io.IOException', (error as Error).message);
  }
}

/** Integer.parseInt (Scala's String.toInt): optional sign and decimal digits in int range. */
export function parseJavaInt(text: string): number {
  if (/^[+-]?\d+$/.test(text)) {
    const value = Number(text);
    if (value >= -2147483648 && value <= 2147483647) return value;
  }
  throw new JavaException('java.lang.NumberFormatException', `For input string: "${text}"`);
}

/**
 * joptsimple's conversion of a `Long` option's argument, which happens only when the command asks
 * for the value (so a bad --throttle is reported by the command, not the parser).
 */
export function parseLongOption(option: string, text: string): bigint {
  if (/^[+-]?\d+$/.test(text)) {
    const value = BigInt(text);
    if (value >= -(2n ** 63n) && value < 2n ** 63n) return value;
  }
  // joptsimple converts by reflection (Long.valueOf), so the NumberFormatException arrives wrapped twice.
  const numberFormat = `java.lang.NumberFormatException: For input string: "${text}"`;
  throw new JavaException('joptsimple.OptionArgumentConversionException', `Cannot parse argument '${text}' of option ${option}`, [
    `joptsimple.internal.ReflectionException: ${numberFormat}`,
    numberFormat,
  ]);
}
