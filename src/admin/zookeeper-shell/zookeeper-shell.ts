// The read commands of ZooKeeper 3.5's ZooKeeperMain (what Kafka 2.4's zookeeper-shell runs), with
// its output: `ls` prints the sorted children as Java's "[a, b]", `get` the data as UTF-8 (or
// `null`), `stat` the StatPrinter lines with hex zxids and Java Date times. Failures print
// ZooKeeper's CliException messages to stderr and set exit code 1, as ZooKeeperMain does.

import { isZkError, type ZkClient, type ZkStat } from '../../zk';

export interface ShellOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The short name of the local time zone at `date` ("UTC", "CET", or "GMT+02:00" style when unnamed). */
function zoneName(date: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}

/** java.util.Date.toString(): "EEE MMM dd HH:mm:ss zzz yyyy" in local time. */
export function javaDateString(millis: number): string {
  const d = new Date(millis);
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zoneName(d)} ${d.getFullYear()}`;
}

/** Long.toHexString of a signed 64-bit value (two's complement for negatives). */
const hex = (value: bigint) => BigInt.asUintN(64, value).toString(16);

/** ZooKeeper's StatPrinter lines. */
export function formatStat(stat: ZkStat): string[] {
  return [
    `cZxid = 0x${hex(stat.czxid)}`,
    `ctime = ${javaDateString(stat.ctime)}`,
    `mZxid = 0x${hex(stat.mzxid)}`,
    `mtime = ${javaDateString(stat.mtime)}`,
    `pZxid = 0x${hex(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = 0x${hex(stat.ephemeralOwner)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ];
}

/** Java's List.toString of the children after LsCommand sorts them. */
export function formatChildren(children: readonly string[]): string {
  return `[${[...children].sort().join(', ')}]`;
}

const COMMANDS: Record<string, string> = {
  ls: 'ls [-s] [-w] [-R] path',
  get: 'get [-s] [-w] path',
  stat: 'stat [-w] path',
};

/** ZooKeeperMain.usage, limited to the commands this shell implements. */
export function usageLines(): string[] {
  return ['ZooKeeper -server host:port cmd args', ...Object.keys(COMMANDS).sort().map((c) => `\t${c} ${COMMANDS[c]}`)];
}

class CliError extends Error {}

/** "Node does not exist: /p" (CliWrapperException) or the raw KeeperException text (`get`). */
function noNode(path: string, wrapped: boolean): CliError {
  return new CliError(wrapped ? `Node does not exist: ${path}` : `org.apache.zookeeper.KeeperException$NoNodeException: KeeperErrorCode = NoNode for ${path}`);
}

function checkPath(path: string | undefined, command: string): string {
  if (path === undefined) throw new CliError(COMMANDS[command]);
  if (!path.startsWith('/')) throw new CliError('Path must start with / character');
  if (path.length > 1 && path.endsWith('/')) throw new CliError('Path must not end with / character');
  return path;
}

export class ZooKeeperShell {
  constructor(
    private readonly zk: ZkClient,
    private readonly io: ShellOutput,
  ) {}

  /** Runs one command line; returns its exit code (0, or 1 after printing the error). */
  async executeLine(line: string): Promise<number> {
    const args = line.trim().split(/\s+/).filter((a) => a.length > 0);
    if (args.length === 0) return 0;
    try {
      await this.execute(args);
      return 0;
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      this.io.err(error.message);
      return 1;
    }
  }

  private async execute(args: string[]): Promise<void> {
    const [command, ...rest] = args;
    if (!(command in COMMANDS)) {
      usageLines().forEach(this.io.err);
      throw new CliError(`Command not found ${command}`);
    }
    const flags = new Set(rest.filter((a) => a.startsWith('-')));
    const path = checkPath(rest.find((a) => !a.startsWith('-')), command);
    try {
      if (command === 'ls') {
        const children = await this.zk.getChildren(path);
        const stat = flags.has('-s') ? await this.zk.exists(path) : null;
        if (stat === null) this.io.out(formatChildren(children));
        else {
          // ZooKeeper 3.5's LsCommand appends the stat right after "]" and ends with a blank line.
          const [first, ...others] = formatStat(stat);
          [formatChildren(children) + first, ...others, ''].forEach(this.io.out);
        }
      } else if (command === 'get') {
        const { data, stat } = await this.zk.getData(path);
        this.io.out(data === null ? 'null' : data.toString('utf8'));
        if (flags.has('-s')) formatStat(stat).forEach(this.io.out);
      } else {
        const stat = await this.zk.exists(path);
        if (stat === null) throw noNode(path, true);
        formatStat(stat).forEach(this.io.out);
      }
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) throw noNode(path, command !== 'get');
      throw error;
    }
  }
}
