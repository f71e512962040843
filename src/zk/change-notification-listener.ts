// Kafka's ZkNodeChangeNotificationListener: a broker watches a folder of sequential notification
// znodes (/config/changes/config_change_N now, the ACL change folders later) and hands each new
// one, in sequence order, to a handler. "New" means a sequence number above the last one handled
// by this process, so at startup every notification still there is handled once. Notifications
// older than 15 minutes (by ctime) are deleted by whichever broker sees them, as in Kafka.

import type { Logger } from '../common/logger';
import type { Time } from '../common/clock';
import { isZkError } from './zk-errors';
import type { ZkClient, ZkWatchHandle } from './zk-client';

export const NOTIFICATION_EXPIRATION_MS = 15 * 60 * 1000;

export interface ChangeNotificationListenerOptions {
  zk: ZkClient;
  /** e.g. /config/changes */
  root: string;
  /** e.g. config_change_ */
  prefix: string;
  /** Handles one notification's data; a throw is logged and the listener moves on, as Kafka does. */
  handle: (data: Buffer | null, name: string) => Promise<void>;
  logger: Logger;
  time: Time;
  expirationMs?: number;
}

export class ChangeNotificationListener {
  private lastExecutedChange = -1;
  private watch: ZkWatchHandle | null = null;
  private running: Promise<void> = Promise.resolve();
  /** A pass is already queued behind the running one: further events coalesce into it. */
  private passQueued = false;
  private closed = false;

  constructor(private readonly options: ChangeNotificationListenerOptions) {}

  start(): void {
    this.watch = this.options.zk.watchChildren(this.options.root, () => this.schedulePass());
    this.schedulePass();
  }

  /** Resolves once every notification seen so far has been handled. */
  idle(): Promise<void> {
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watch?.cancel();
    await this.running;
  }

  private schedulePass(): void {
    if (this.closed || this.passQueued) return;
    this.passQueued = true;
    this.running = this.running.then(async () => {
      this.passQueued = false;
      if (!this.closed) await this.processNotifications();
    });
  }

  private async processNotifications(): Promise<void> {
    const { zk, root, logger } = this.options;
    try {
      const notifications = (await zk.getChildrenIfExists(root)).sort();
      if (notifications.length === 0) return;
      const now = this.options.time.now();
      for (const name of notifications) {
        const changeId = this.changeNumber(name);
        if (changeId <= this.lastExecutedChange) continue;
        await this.processNotification(name);
        this.lastExecutedChange = changeId;
      }
      await this.purgeObsoleteNotifications(now, notifications);
    } catch (error) {
      if (!this.closed) logger.error(`Error while processing notification change for path = ${root}: ${(error as Error).message}`);
    }
  }

  private async processNotification(name: string): Promise<void> {
    const path = `${this.options.root}/${name}`;
    const node = await this.options.zk.getDataIfExists(path);
    if (node === null) return;
    try {
      await this.options.handle(node.data, name);
    } catch (error) {
      this.options.logger.error(`error processing change notification ${node.data?.toString() ?? 'null'} from ${path}: ${(error as Error).message}`);
    }
  }

  private async purgeObsoleteNotifications(now: number, notifications: string[]): Promise<void> {
    const expirationMs = this.options.expirationMs ?? NOTIFICATION_EXPIRATION_MS;
    for (const name of notifications) {
      const path = `${this.options.root}/${name}`;
      const stat = await this.options.zk.exists(path);
      if (stat === null || now - stat.ctime <= expirationMs) continue;
      await this.options.zk.delete(path).catch((error: unknown) => {
        if (!isZkError(error, 'NO_NODE')) throw error;
      });
    }
  }

  private changeNumber(name: string): number {
    return Number(name.slice(this.options.prefix.length));
  }
}
