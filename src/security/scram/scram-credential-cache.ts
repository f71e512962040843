// The broker's SCRAM credentials, per mechanism and user (Kafka 2.4.1's CredentialCache as
// kafka.security.CredentialProvider fills it): only the mechanisms the broker enables have a
// cache, and a user's entity config from ZooKeeper (/config/users/<user>, at startup and on each
// /config/changes notification) replaces that user's credentials: a mechanism key present sets
// it, absent removes it, other keys (quotas) are none of its business.
//
// A value Kafka cannot read makes CredentialProvider throw, which the config change listener
// logs; here the unreadable mechanism is logged and skipped (its previous credential stays, as
// it does in Kafka) and the other mechanism is still updated, whichever order they come in.

import type { Logger } from '../../common/logger';
import { silentLogger } from '../../common/logger';
import { credentialFromString } from './scram-credential-text';
import type { ScramCredential } from './scram-formatter';
import { SCRAM_MECHANISMS, isScramMechanism, type ScramMechanismName } from './scram-mechanism';

export class ScramCredentialCache {
  private readonly caches = new Map<ScramMechanismName, Map<string, ScramCredential>>();

  /** `enabledMechanisms`: sasl.enabled.mechanisms; the non-SCRAM ones are ignored. */
  constructor(
    enabledMechanisms: Iterable<string>,
    private readonly logger: Logger = silentLogger,
  ) {
    for (const mechanism of enabledMechanisms) if (isScramMechanism(mechanism)) this.caches.set(mechanism, new Map());
  }

  /** `user` unsanitized (the principal name); `config` the user's whole entity config. */
  update(user: string, config: ReadonlyMap<string, string>): void {
    for (const { mechanismName } of SCRAM_MECHANISMS) {
      const cache = this.caches.get(mechanismName);
      if (cache === undefined) continue;
      const value = config.get(mechanismName);
      if (value === undefined) {
        cache.delete(user);
        continue;
      }
      try {
        cache.set(user, credentialFromString(value));
      } catch (error) {
        // The value itself is secret material: log the reason, not the text.
        this.logger.error(`Invalid ${mechanismName} credential of user ${user} in ZooKeeper, ignored: ${reason(error, value)}`);
      }
    }
  }

  remove(user: string): void {
    for (const cache of this.caches.values()) cache.delete(user);
  }

  get(mechanism: string, user: string): ScramCredential | undefined {
    return isScramMechanism(mechanism) ? this.caches.get(mechanism)?.get(user) : undefined;
  }
}

function reason(error: unknown, value: string): string {
  const message = (error as Error).message;
  return message.includes(value) ? 'Credentials not valid' : message;
}
