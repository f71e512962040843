// bin/zookeeper-shell host:port[/chroot] [command args...]: Kafka 2.4's zookeeper-shell (ZooKeeper
// 3.5's ZooKeeperMain) for the read commands ls, get and stat. With a command it runs it and exits
// with its status; without one it reads commands from stdin, one per line, until EOF or `quit`.

import { createInterface } from 'node:readline';
import { ZooKeeperShell } from '../admin/zookeeper-shell/zookeeper-shell';
import { ZkClient } from '../zk';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

async function main(): Promise<void> {
  const [server, ...command] = process.argv.slice(2);
  if (server === undefined || server === '--help' || server === '-h') {
    io.err('USAGE: zookeeper-shell zookeeper_host:port[/path] [args...]');
    io.err('  commands: ls [-s] path | get [-s] path | stat path | quit');
    process.exit(server === undefined ? 1 : 0);
  }
  io.out(`Connecting to ${server}`);
  const interactive = command.length === 0;
  if (interactive) {
    io.out('Welcome to ZooKeeper!');
    io.out('JLine support is disabled');
  }
  let zk: ZkClient;
  try {
    zk = await ZkClient.connect({ connectString: server, createChroot: false, sessionTimeoutMs: 30_000, connectionTimeoutMs: 30_000 });
  } catch (error) {
    io.err(`Unable to connect to ${server}: ${(error as Error).message}`);
    process.exit(1);
  }
  // ZooKeeperMain's default watcher prints the connection event.
  io.out('\nWATCHER::');
  io.out('\nWatchedEvent state:SyncConnected type:None path:null');
  const shell = new ZooKeeperShell(zk, io);
  let exitCode = 0;
  if (!interactive) {
    exitCode = await shell.executeLine(command.join(' '));
  } else {
    for await (const line of createInterface({ input: process.stdin, terminal: false })) {
      if (line.trim() === 'quit') break;
      exitCode = await shell.executeLine(line);
    }
  }
  await zk.close();
  process.exit(exitCode);
}

void main();
