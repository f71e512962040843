// Typed ZooKeeper errors. node-zookeeper-client reports numeric codes; callers (KafkaZkClient, the
// controller) branch on them, so every failure surfaces as a ZkError with a symbolic `code`.

/** ZooKeeper's KeeperException codes, named as in the Java client's `Code` enum. */
export const ZK_ERROR_CODES = {
  SYSTEM_ERROR: -1,
  RUNTIME_INCONSISTENCY: -2,
  DATA_INCONSISTENCY: -3,
  CONNECTION_LOSS: -4,
  MARSHALLING_ERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATION_TIMEOUT: -7,
  BAD_ARGUMENTS: -8,
  API_ERROR: -100,
  NO_NODE: -101,
  NO_AUTH: -102,
  BAD_VERSION: -103,
  NO_CHILDREN_FOR_EPHEMERALS: -108,
  NODE_EXISTS: -110,
  NOT_EMPTY: -111,
  SESSION_EXPIRED: -112,
  INVALID_CALLBACK: -113,
  INVALID_ACL: -114,
  AUTH_FAILED: -115,
} as const;

/** Server codes plus two client-side conditions that have no ZooKeeper code. */
export type ZkErrorCode = keyof typeof ZK_ERROR_CODES | 'CONNECTION_TIMEOUT' | 'CLIENT_CLOSED';

const NAME_BY_NUMBER = new Map<number, ZkErrorCode>(
  Object.entries(ZK_ERROR_CODES).map(([name, value]) => [value, name as ZkErrorCode]),
);

export class ZkError extends Error {
  constructor(
    readonly code: ZkErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ZkError';
  }

  /** From a numeric ZooKeeper code (as reported by the server or node-zookeeper-client). */
  static fromNumber(numeric: number, path?: string, operation?: string): ZkError {
    const code = NAME_BY_NUMBER.get(numeric) ?? 'SYSTEM_ERROR';
    const where = path === undefined ? '' : ` for ${path}`;
    const what = operation === undefined ? '' : `${operation}: `;
    return new ZkError(code, `${what}KeeperErrorCode = ${code}${where}`, path);
  }
}

export function isZkError(error: unknown, code?: ZkErrorCode): error is ZkError {
  return error instanceof ZkError && (code === undefined || error.code === code);
}

/** One failed operation inside a `multi`; the others report OK or RUNTIME_INCONSISTENCY. */
export class ZkMultiError extends ZkError {
  constructor(
    code: ZkErrorCode,
    message: string,
    /** Index of the op that failed. */
    readonly failedOpIndex: number,
    /** The code ZooKeeper returned for every op (OK ops rolled back). */
    readonly opCodes: ('OK' | ZkErrorCode)[],
    path?: string,
  ) {
    super(code, message, path);
    this.name = 'ZkMultiError';
  }
}

/**
 * Kafka's ControllerMovedException: the controller lost an election, or a fenced write found
 * `/controller_epoch` at another zkVersion because a newer controller was elected.
 */
export class ControllerMovedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControllerMovedError';
  }
}

/** Another live session already holds `/brokers/ids/<id>` (duplicate broker.id). */
export class BrokerIdAlreadyRegisteredError extends Error {
  constructor(
    readonly brokerId: number,
    readonly ownerSessionId: bigint,
  ) {
    super(
      `broker id ${brokerId} is already registered in ZooKeeper by another session ` +
        `(0x${ownerSessionId.toString(16)}); is another broker running with the same broker.id?`,
    );
    this.name = 'BrokerIdAlreadyRegisteredError';
  }
}
