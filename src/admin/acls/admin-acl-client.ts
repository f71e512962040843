// kafka-acls --bootstrap-server's admin calls on our own codecs, at the versions Kafka 2.4.1's
// AdminClient picks against a 2.4.1 broker (CreateAcls, DescribeAcls and DeleteAcls v1), each to
// the first bootstrap broker that answers. A broker's error becomes the exception the Java client
// builds from its code and message (ApiError.exception), and ends the command the way
// `all().get()` does, as an ExecutionException around it.

import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import type { AclCreateResult, AclDeleteResult } from '../../security/acl/acl-authorizer';
import { AclOperationError, JavaRuntimeError } from '../../security/acl/acl-errors';
import type { AclBindingFilter } from '../../security/acl/acl-filters';
import { bindingFromMatchingAcl, bindingsFromDescribeResponse, creatableOf, deleteFilterOf, describeRequestOf } from '../../security/acl/acl-wire';
import type { AclBinding } from '../../security/acl/acl-types';
import { withConnection } from '../common/broker-requests';
import type { HostPort } from '../common/broker-list';
import type { BrokerConnection } from '../../network/broker-connection';
import type { JavaAclBackend } from './java-acl-service';

const CLIENT_ID = 'adminclient-1';
const TIMEOUT_MS = 30_000;
const ERRORS = 'org.apache.kafka.common.errors.';

/** Errors.exception(message) for the codes the ACL APIs answer, with each code's default message. */
const EXCEPTIONS: Record<string, [string, string]> = {
  UNKNOWN_SERVER_ERROR: ['UnknownServerException', 'The server experienced an unexpected error when processing the request.'],
  CLUSTER_AUTHORIZATION_FAILED: ['ClusterAuthorizationException', 'Cluster authorization failed.'],
  SECURITY_DISABLED: ['SecurityDisabledException', 'Security features are disabled.'],
  INVALID_REQUEST: [
    'InvalidRequestException',
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
  ],
  UNSUPPORTED_VERSION: ['UnsupportedVersionException', 'The version of API is not supported.'],
};

export function brokerError(errorCode: number, message: string | null): AclOperationError | null {
  if (errorCode === ErrorCode.NONE) return null;
  const name = errorName(errorCode);
  const [javaClass, defaultMessage] = EXCEPTIONS[name] ?? ['UnknownServerException', name];
  return new AclOperationError(errorCode, message ?? defaultMessage, `${ERRORS}${javaClass}`);
}

/** KafkaFuture.get's ExecutionException around the broker's error. */
export function executionException(error: AclOperationError): JavaRuntimeError {
  return new JavaRuntimeError('java.util.concurrent.ExecutionException', error.toString());
}

/** ClientUtils.parseAndValidateAddresses, as AdminClient.create checks bootstrap.servers (and fails). */
export function bootstrapAddresses(servers: string): HostPort[] {
  return servers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((url) => {
      const match = /^\[?(.+?)\]?:(\d+)$/.exec(url);
      // KafkaAdminClient.createInternal wraps the ConfigException ("Invalid url in bootstrap.servers: ...").
      if (match === null) throw new JavaRuntimeError('org.apache.kafka.common.KafkaException', 'Failed to create new KafkaAdminClient');
      return { host: match[1]!, port: Number(match[2]) };
    });
}

export class AdminAclClient implements JavaAclBackend {
  constructor(private readonly bootstrapServers: string) {}

  private async send<T>(use: (c: BrokerConnection) => Promise<T>): Promise<T> {
    let lastError: unknown = null;
    for (const target of bootstrapAddresses(this.bootstrapServers)) {
      try {
        return await withConnection(target, CLIENT_ID, TIMEOUT_MS, use);
      } catch (error) {
        lastError = error;
      }
    }
    throw new JavaRuntimeError(
      'java.util.concurrent.ExecutionException',
      `org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. (${lastError instanceof Error ? lastError.message : String(lastError)})`,
    );
  }

  async createAcls(bindings: readonly AclBinding[]): Promise<AclCreateResult[]> {
    const response = await this.send((c) => c.send(Apis.CreateAcls, 1, { creations: bindings.map(creatableOf) }));
    return response.results.map((r) => ({ error: brokerError(r.errorCode, r.errorMessage) }));
  }

  async deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]> {
    const response = await this.send((c) => c.send(Apis.DeleteAcls, 1, { filters: filters.map(deleteFilterOf) }));
    return response.filterResults.map((r) => ({
      error: brokerError(r.errorCode, r.errorMessage),
      deletions: r.matchingAcls.map((m) => ({ binding: bindingFromMatchingAcl(m), error: brokerError(m.errorCode, m.errorMessage) })),
    }));
  }

  async describeAcls(filter: AclBindingFilter): Promise<AclBinding[]> {
    const response = await this.send((c) => c.send(Apis.DescribeAcls, 1, describeRequestOf(filter)));
    const error = brokerError(response.errorCode, response.errorMessage);
    if (error !== null) throw executionException(error);
    return bindingsFromDescribeResponse(response);
  }
}
