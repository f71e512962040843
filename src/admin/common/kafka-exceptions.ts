// How the Java admin client reports a broker error, so --bootstrap-server failures read like
// Kafka 2.4's: ExecutionException.getMessage() is "<exception class>: <message>". kafkajs keeps
// only the error code (it drops the broker's error_message), so the message is the code's default
// text from 2.4.1's Errors enum, as Java prints when a broker sends no message.

const PREFIX = 'org.apache.kafka.common.errors.';

/** Error name → [Java exception class, Errors' default message] for the codes topic admin sees. */
const JAVA_EXCEPTIONS: Record<string, [string, string]> = {
  UNKNOWN_SERVER_ERROR: ['UnknownServerException', 'The server experienced an unexpected error when processing the request.'],
  OFFSET_OUT_OF_RANGE: ['OffsetOutOfRangeException', 'The requested offset is not within the range of offsets maintained by the server.'],
  UNKNOWN_TOPIC_OR_PARTITION: ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.'],
  NOT_LEADER_FOR_PARTITION: ['NotLeaderForPartitionException', 'This server is not the leader for that topic-partition.'],
  LEADER_NOT_AVAILABLE: ['LeaderNotAvailableException', 'There is no leader for this topic-partition as we are in the middle of a leadership election.'],
  REQUEST_TIMED_OUT: ['TimeoutException', 'The request timed out.'],
  INVALID_TOPIC_EXCEPTION: ['InvalidTopicException', 'The request attempted to perform an operation on an invalid topic.'],
  TOPIC_AUTHORIZATION_FAILED: ['TopicAuthorizationException', 'Topic authorization failed.'],
  CLUSTER_AUTHORIZATION_FAILED: ['ClusterAuthorizationException', 'Cluster authorization failed.'],
  UNSUPPORTED_VERSION: ['UnsupportedVersionException', 'The version of API is not supported.'],
  TOPIC_ALREADY_EXISTS: ['TopicExistsException', 'Topic with this name already exists.'],
  INVALID_PARTITIONS: ['InvalidPartitionsException', 'Number of partitions is below 1.'],
  INVALID_REPLICATION_FACTOR: ['InvalidReplicationFactorException', 'Replication factor is below 1 or larger than the number of available brokers.'],
  INVALID_REPLICA_ASSIGNMENT: ['InvalidReplicaAssignmentException', 'Replica assignment is invalid.'],
  INVALID_CONFIG: ['InvalidConfigurationException', 'Configuration is invalid.'],
  NOT_CONTROLLER: ['NotControllerException', 'This is not the correct controller for this cluster.'],
  INVALID_REQUEST: [
    'InvalidRequestException',
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
  ],
  POLICY_VIOLATION: ['PolicyViolationException', 'Request parameters do not satisfy the configured policy.'],
  TOPIC_DELETION_DISABLED: ['TopicDeletionDisabledException', 'Topic deletion is disabled.'],
  PREFERRED_LEADER_NOT_AVAILABLE: ['PreferredLeaderNotAvailableException', 'The preferred leader was not available'],
  ELIGIBLE_LEADERS_NOT_AVAILABLE: ['EligibleLeadersNotAvailableException', 'Eligible topic partition leaders are not available'],
  ELECTION_NOT_NEEDED: ['ElectionNotNeededException', 'Leader election not needed for topic partition'],
  REPLICA_NOT_AVAILABLE: ['ReplicaNotAvailableException', 'The replica is not available for the requested topic-partition.'],
  KAFKA_STORAGE_ERROR: ['KafkaStorageException', 'Disk error when trying to access log file on the disk.'],
  LOG_DIR_NOT_FOUND: ['LogDirNotFoundException', 'The user-specified log directory is not found in the broker config.'],
};

/**
 * Throwable.toString of the exception the Java admin client builds from a broker's error code and
 * message (ApiError.exception): "<class>: <message>", the code's default text when the broker sent none.
 */
export function javaApiExceptionString(errorName: string, message: string | null): string {
  const known = JAVA_EXCEPTIONS[errorName];
  if (known === undefined) return `${PREFIX}UnknownServerException: ${message ?? errorName}`;
  return `${PREFIX}${known[0]}: ${message ?? known[1]}`;
}

interface KafkaJsLikeError {
  type?: string;
  message?: string;
  errors?: unknown[];
  originalError?: unknown;
  retriable?: boolean;
}

/** The innermost error carrying a Kafka error name, if any. */
function findTyped(error: unknown, depth = 0): KafkaJsLikeError | null {
  if (error === null || typeof error !== 'object' || depth > 5) return null;
  const e = error as KafkaJsLikeError;
  if (typeof e.type === 'string' && e.type in JAVA_EXCEPTIONS) return e;
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.originalError]) {
    const found = findTyped(inner, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** "org.apache.kafka.common.errors.X: message" for a kafkajs error, else the error's own message. */
export function javaAdminErrorMessage(error: unknown): string {
  const typed = findTyped(error);
  if (typed !== null) {
    const [cls, message] = JAVA_EXCEPTIONS[typed.type!];
    return `${PREFIX}${cls}: ${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Kafka's AdminCommandFailedException: the command prints what it can, then fails with this. */
export class AdminCommandFailedException extends Error {
  readonly javaClass = 'kafka.common.AdminCommandFailedException';
  constructor(
    message: string,
    readonly causeText?: string,
  ) {
    super(message);
  }
}

/** Kafka's AdminOperationException (a bad JSON file, a pending znode). */
export class AdminOperationException extends Error {
  readonly javaClass = 'kafka.admin.AdminOperationException';
}
