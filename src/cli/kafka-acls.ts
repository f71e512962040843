// bin/kafka-acls: Kafka 2.4.1's AclCommand. `--authorizer-properties zookeeper.connect=H:P` works
// on ZooKeeper directly through our authorizer (SimpleAclAuthorizer by default, or `--authorizer
// kafka.security.authorizer.AclAuthorizer`); `--bootstrap-server` goes through the ACL APIs.
// Options and checks: src/admin/acls/acl-command-options.ts; the command: src/admin/acls/acl-command.ts.

import { createInterface, type Interface } from 'node:readline';
import { runAclCommand } from '../admin/acls/acl-command';

/** StdIn.readLine over process.stdin, opened on the first question only. */
class StdinLines {
  private reader: Interface | null = null;
  private readonly lines: string[] = [];
  private closed = false;
  private waiter: (() => void) | null = null;

  private open(): void {
    this.reader = createInterface({ input: process.stdin, terminal: false });
    this.reader.on('line', (line) => {
      this.lines.push(line);
      this.wake();
    });
    this.reader.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  async readLine(): Promise<string | null> {
    if (this.reader === null) this.open();
    while (this.lines.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
    return this.lines.shift() ?? null;
  }

  close(): void {
    this.reader?.close();
  }
}

async function main(): Promise<void> {
  const stdin = new StdinLines();
  const status = await runAclCommand(process.argv.slice(2), {
    println: (text) => process.stdout.write(`${text}\n`),
    printErr: (text) => process.stderr.write(`${text}\n`),
    readLine: () => stdin.readLine(),
  });
  stdin.close();
  process.exitCode = status;
  // Whatever the ZooKeeper or broker connections left behind, the command is done.
  process.stdout.write('', () => process.exit(status));
}

void main();
