// Hands out producer ids (Kafka's ProducerIdManager): each broker claims blocks of 1000 ids from
// /latest_producer_id_block with a conditional write, so no two brokers ever get the same block,
// and gives them out one by one. The first block is claimed at startup, as Kafka 2.4 does, so a
// cluster of three has taken 0-999, 1000-1999 and 2000-2999 before any client connects.

import type { Logger } from '../../common/logger';
/** One claimed block of ids, inclusive (the /latest_producer_id_block znode's fields). */
export interface ProducerIdBlock {
  brokerId: number;
  blockStart: bigint;
  blockEnd: bigint;
}

/** What the manager needs of ZooKeeper: KafkaZkClient.claimProducerIdBlock (coordinators do not import zk/). */
export interface ProducerIdBlockClaimer {
  claimProducerIdBlock(brokerId: number): Promise<ProducerIdBlock>;
}

export class ProducerIdManager {
  private block: ProducerIdBlock;
  private nextId: number;
  /** A claim in flight, shared by every caller that ran out meanwhile. */
  private claiming: Promise<void> | null = null;

  private constructor(
    private readonly brokerId: number,
    private readonly zk: ProducerIdBlockClaimer,
    private readonly logger: Logger,
    first: ProducerIdBlock,
  ) {
    this.block = first;
    this.nextId = Number(first.blockStart);
  }

  static async start(brokerId: number, zk: ProducerIdBlockClaimer, logger: Logger): Promise<ProducerIdManager> {
    const first = await zk.claimProducerIdBlock(brokerId);
    logger.info(`[ProducerId Manager ${brokerId}]: Acquired new producerId block ${describe(first)} by writing to Zk with path version`);
    return new ProducerIdManager(brokerId, zk, logger, first);
  }

  /** The current block (tests and the observatory). */
  get currentBlock(): ProducerIdBlock {
    return this.block;
  }

  async generateProducerId(): Promise<number> {
    while (this.nextId > Number(this.block.blockEnd)) {
      this.claiming ??= this.claimNext().finally(() => {
        this.claiming = null;
      });
      await this.claiming;
    }
    return this.nextId++;
  }

  private async claimNext(): Promise<void> {
    const block = await this.zk.claimProducerIdBlock(this.brokerId);
    this.logger.info(`[ProducerId Manager ${this.brokerId}]: Acquired new producerId block ${describe(block)} by writing to Zk with path version`);
    this.block = block;
    this.nextId = Number(block.blockStart);
  }
}

function describe(block: ProducerIdBlock): string {
  return `(brokerId:${block.brokerId},blockStartProducerId:${block.blockStart},blockEndProducerId:${block.blockEnd})`;
}
