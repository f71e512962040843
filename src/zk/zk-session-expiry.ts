// Forces a ZooKeeper session to expire, for fault tests ("expire a broker's ZooKeeper session").
//
// The classic ZooKeeper test trick (Kafka's tests use it too): a second client connects with the
// victim's session id and password, which moves the session onto the new connection (the server
// drops the victim's socket), then closes it, which ends the session for real. The victim
// reconnects, the server answers "session expired", and its ephemeral znodes are gone.

import { ZkSession } from './zk-session';

export interface SessionCredentials {
  sessionId: Buffer;
  password: Buffer;
}

/**
 * Ends the session named by `credentials` on the ensemble at `connectString` (a chroot suffix is
 * harmless). Resolves once the server closed it; the owning client notices when it reconnects.
 */
export async function expireSession(
  connectString: string,
  credentials: SessionCredentials,
  timeoutMs = 10_000,
): Promise<void> {
  const intruder = new ZkSession({
    connectString,
    sessionTimeoutMs: 6000,
    spinDelayMs: 100,
    sessionId: credentials.sessionId,
    sessionPassword: credentials.password,
  });
  try {
    await intruder.connect(timeoutMs);
  } catch (error) {
    // Already expired (or closed) is what the caller wanted anyway.
    if ((error as { code?: string }).code === 'SESSION_EXPIRED') return;
    throw error;
  }
  // A graceful close sends closeSession for the shared session id.
  await intruder.close();
}
