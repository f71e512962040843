// The lines kafka-acls prints, built as AclCommand builds them: a header, then the ACLs as
// `acls.map("\t" + _).mkString(Newline)` (a Scala Set of strings, so more than four come out in
// hash order), framed by Kafka's stray spaces: "<header>: \n \t<a>\n\t<b> \n", then println's newline.

import { scalaStringSetOrder } from '../../security/acl/acl-jvm-order';

export interface AclCommandIo {
  println(text: string): void;
  /** StdIn.readLine: the next line, or null at the end of the input. */
  readLine(): Promise<string | null>;
}

export function aclLines(items: readonly string[]): string {
  return scalaStringSetOrder(items.map((item) => `\t${item}`)).join('\n');
}

/** `s"$header: $Newline ${lines} $Newline"` */
export function aclBlock(header: string, items: readonly string[]): string {
  return `${header}: \n ${aclLines(items)} \n`;
}

export function addingBlock(resource: string, items: readonly string[]): string {
  return aclBlock(`Adding ACLs for resource \`${resource}\``, items);
}

export function currentBlock(resource: string, items: readonly string[]): string {
  return aclBlock(`Current ACLs for resource \`${resource}\``, items);
}

export function removeAllPrompt(filter: string): string {
  return `Are you sure you want to delete all ACLs for resource filter \`${filter}\`? (y/n)`;
}

export function removePrompt(filter: string, items: readonly string[]): string {
  return `Are you sure you want to remove ACLs: \n ${aclLines(items)} \n from resource filter \`${filter}\`? (y/n)`;
}

/** The NullPointerException Kafka 2.4.1 dies of (on a JVM with helpful NPE messages) when stdin ends at a prompt. */
export class StdinClosedError extends Error {
  override readonly name = 'StdinClosedError';
  readonly javaClass = 'java.lang.NullPointerException';
  constructor() {
    super('Cannot invoke "String.equalsIgnoreCase(String)" because the return value of "scala.io.StdIn$.readLine()" is null');
  }
}

/** confirmAction: yes with --force, else the answer to the printed question ("y", any case). */
export async function confirmAction(io: AclCommandIo, force: boolean, message: string): Promise<boolean> {
  if (force) return true;
  io.println(message);
  const answer = await io.readLine();
  if (answer === null) throw new StdinClosedError();
  return answer.toLowerCase() === 'y';
}
