// Kafka 2.4.1's ZooKeeper ACL authorizer (kafka.security.authorizer.AclAuthorizer, and
// kafka.security.auth.SimpleAclAuthorizer as KafkaConfig runs it behind AuthorizerWrapper).
//
// - start(): creates the ACL folders, follows both change-notification folders and loads every
//   ACL znode into the cache; authorize() answers from the cache alone (synchronously), so a
//   change made elsewhere (another broker, kafka-acls) applies once its notification is read.
// - Writes are read-modify-write of one resource znode, conditional on the version the cache
//   holds, retried (re-reading ZooKeeper, 100-150 ms apart, 10 retries) when someone else wrote
//   first; a resource whose last ACL goes is deleted; every real change writes a notification.
//   Writes and notification handling run one at a time (Kafka's write lock).
// - The two class names differ as in Kafka: SimpleAclAuthorizer logs every check without the
//   request, creates and deletes ACLs one binding at a time (a znode write and a notification
//   each) and converts bindings with the old Scala types (their messages); AclAuthorizer groups
//   a request's bindings per resource and logs only what the caller asks to log.
//
// The ZooKeeper client is the caller's: close() stops following notifications but leaves it open.

import { principalToString, parseKafkaPrincipal } from '../../common/kafka-principal';
import { silentLogger, type Logger } from '../../common/logger';
import { systemClock, type Time } from '../../common/clock';
import { scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { ChangeNotificationListener } from '../../zk/change-notification-listener';
import {
  ACL_CHANGE_SEQUENCE_PREFIX,
  ACL_STORE_PATTERN_TYPES,
  EXTENDED_ACL_CHANGES_PATH,
  LITERAL_ACL_CHANGES_PATH,
  KafkaZkClient,
  decodeExtendedAclChange,
  decodeLiteralAclChange,
  type AclStorePatternType,
  type ZkClient,
} from '../../zk';
import type { AuthorizationAction, AuthorizationRequester, Authorizer } from '../authorizer';
import { AclCache } from './acl-cache';
import { decide } from './acl-decision';
import { AclOperationError, asApiException, illegalArgument, illegalState, invalidRequest, unsupportedVersion } from './acl-errors';
import {
  ANY_ENTRY_FILTER,
  bindingFilterMatches,
  bindingIsUnknown,
  entryFilterMatches,
  entryToFilter,
  matchesAtMostOne,
  patternFilterMatches,
  patternToFilter,
  type AclBindingFilter,
} from './acl-filters';
import { AclSet, aclKey, legacyListingOrder } from './acl-jvm-order';
import {
  isSpecificPatternType,
  javaPatternTypeName,
  operationName,
  patternTypeFromName,
  resourceTypeFromName,
  resourceTypeName,
  scalaOperation,
  scalaPermissionType,
  scalaResourceType,
} from './acl-names';
import { scalaResourceString } from './acl-strings';
import { PatternType, type AccessControlEntry, type AclBinding, type ResourcePattern } from './acl-types';
import { SIMPLE_ACL_AUTHORIZER_CLASS, authorizerFlavour, type AclAuthorizerFlavour } from './authorizer-class-names';
import { javaHostAddress } from './java-host-address';
import { ZkAclStore, type VersionedAcls } from './zk-acl-store';

/** kafka.authorizer.logger: allowed checks at DEBUG, denied ones at INFO. */
export interface AuthorizerLogger {
  info(message: string): void;
  /** Absent: DEBUG is off. */
  debug?(message: string): void;
}

export interface AclAuthorizerOptions {
  zk: ZkClient | KafkaZkClient;
  /** authorizer.class.name; SimpleAclAuthorizer when absent (kafka-acls' default too). */
  className?: string;
  /** super.users: ';'-separated principals. */
  superUsers?: string;
  /** allow.everyone.if.no.acl.found */
  allowEveryoneIfNoAclFound?: boolean;
  /** The authorizer log (kafka.authorizer.logger). */
  logger?: AuthorizerLogger;
  /** The broker's own log: unknown resource type folders, notifications that cannot be read. */
  serverLogger?: Logger;
  time?: Time;
  /** inter.broker.protocol.version >= 2.0-IV1: prefixed ACLs may be created. */
  extendedAclSupport?: boolean;
  /** How often a conflicting write is retried before giving up (Kafka: 10). */
  maxUpdateRetries?: number;
}

export interface AclCreateResult {
  readonly error: AclOperationError | null;
}

export interface AclBindingDeleteResult {
  readonly binding: AclBinding;
  readonly error: AclOperationError | null;
}

export interface AclDeleteResult {
  /** The filter itself was refused. */
  readonly error: AclOperationError | null;
  readonly deletions: AclBindingDeleteResult[];
}

/** What the ACL APIs need of an authorizer. */
export interface AclAdmin {
  createAcls(bindings: readonly AclBinding[]): Promise<AclCreateResult[]>;
  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]>;
  /** Every stored binding the filter matches, in the order DescribeAcls lists them. */
  acls(filter: AclBindingFilter): AclBinding[];
}

export interface ResourceAcls {
  readonly pattern: ResourcePattern;
  readonly entries: AccessControlEntry[];
}

/** super.users: Java's split drops trailing empty parts; every other part must be a principal. */
export function parseSuperUsers(value: string | undefined): Set<string> {
  if (value === undefined || value === '') return new Set();
  const parts = value.split(';');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return new Set(
    parts.map((part) => {
      try {
        return principalToString(parseKafkaPrincipal(part.trim()));
      } catch (error) {
        throw illegalArgument((error as Error).message);
      }
    }),
  );
}

const RETRY_BACKOFF_MS = 100;
const RETRY_BACKOFF_JITTER_MS = 50;

const bindingKey = (b: AclBinding) => `${b.pattern.resourceType}\u0000${b.pattern.patternType}\u0000${b.pattern.name}\u0000${aclKey(b.entry)}`;
const patternKey = (p: ResourcePattern) => `${p.resourceType}\u0000${p.patternType}\u0000${p.name}`;

export class AclAuthorizer implements Authorizer, AclAdmin {
  readonly flavour: AclAuthorizerFlavour;
  private readonly zk: ZkClient;
  private readonly store: ZkAclStore;
  private readonly cache = new AclCache();
  private readonly superUsers: ReadonlySet<string>;
  private readonly allowEveryoneIfNoAclFound: boolean;
  private readonly logger: AuthorizerLogger;
  private readonly serverLogger: Logger;
  private readonly time: Time;
  private readonly extendedAclSupport: boolean;
  private readonly maxUpdateRetries: number;
  private listeners: ChangeNotificationListener[] = [];
  /** Kafka's write lock: one mutation or notification at a time. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(options: AclAuthorizerOptions) {
    this.flavour = authorizerFlavour(options.className ?? SIMPLE_ACL_AUTHORIZER_CLASS);
    this.zk = options.zk instanceof KafkaZkClient ? options.zk.zk : options.zk;
    this.store = new ZkAclStore(this.zk);
    this.superUsers = parseSuperUsers(options.superUsers);
    this.allowEveryoneIfNoAclFound = options.allowEveryoneIfNoAclFound ?? false;
    this.logger = options.logger ?? silentLogger;
    this.serverLogger = options.serverLogger ?? silentLogger;
    this.time = options.time ?? systemClock;
    this.extendedAclSupport = options.extendedAclSupport ?? true;
    this.maxUpdateRetries = options.maxUpdateRetries ?? 10;
  }

  private locked<T>(run: () => Promise<T>): Promise<T> {
    const result = this.lock.then(run);
    this.lock = result.catch(() => undefined);
    return result;
  }

  /** configure(): the folders, the change listeners, then the cache, with no window in between. */
  async start(): Promise<void> {
    await this.store.createAclPaths();
    await this.locked(async () => {
      this.listeners = [
        this.listener(LITERAL_ACL_CHANGES_PATH, (data, name) => this.literalChange(data, `${LITERAL_ACL_CHANGES_PATH}/${name}`)),
        this.listener(EXTENDED_ACL_CHANGES_PATH, (data, name) => this.extendedChange(data, `${EXTENDED_ACL_CHANGES_PATH}/${name}`)),
      ];
      for (const listener of this.listeners) listener.start();
      await this.loadCache();
    });
  }

  /** Resolves once every notification seen so far, and every write begun, has been applied. */
  async idle(): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.idle()));
    await this.lock;
  }

  async close(): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.close()));
    this.listeners = [];
    await this.lock;
  }

  // --- authorization -------------------------------------------------------------------------------

  authorize(requester: AuthorizationRequester, actions: readonly AuthorizationAction[]): boolean[] {
    const principal = principalToString(requester.principal);
    const host = javaHostAddress(requester.clientHost);
    return actions.map((action) => {
      const resourceText = scalaResourceString({ resourceType: action.resourceType, name: action.resourceName, patternType: PatternType.LITERAL });
      const decision = decide({
        principal,
        host,
        operation: action.operation,
        resourceText,
        isSuperUser: this.superUsers.has(principal),
        allowEveryoneIfNoAclFound: this.allowEveryoneIfNoAclFound,
        acls: this.cache.matchingAcls(action.resourceType, action.resourceName),
      });
      if (this.logger.debug !== undefined) for (const line of decision.debug) this.logger.debug(line);
      this.audit(requester, action, principal, host, resourceText, decision.allowed);
      return decision.allowed;
    });
  }

  /** logAuditMessage: SimpleAclAuthorizer's BaseAuthorizer always logs and names no request. */
  private audit(requester: AuthorizationRequester, action: AuthorizationAction, principal: string, host: string, resourceText: string, allowed: boolean): void {
    const legacy = this.flavour === 'SimpleAclAuthorizer';
    const shouldLog = legacy || (allowed ? action.logIfAllowed !== false : action.logIfDenied !== false);
    if (!shouldLog) return; // Kafka logs these at TRACE
    let message = `Principal = ${principal} is ${allowed ? 'Allowed' : 'Denied'} Operation = ${operationName(action.operation)} from host = ${host} on resource = ${resourceText}`;
    if (!legacy) message += ` for request = ${requester.apiName || '-1'} with resourceRefCount = ${action.resourceReferenceCount ?? 1}`;
    if (allowed) this.logger.debug?.(message);
    else this.logger.info(message);
  }

  // --- listing -------------------------------------------------------------------------------------

  acls(filter: AclBindingFilter): AclBinding[] {
    const out: AclBinding[] = [];
    for (const { pattern, versioned } of this.cache.all()) {
      // AuthorizerWrapper lists SimpleAclAuthorizer.getAcls(), which hands each resource's ACLs out re-ordered.
      const entries = this.flavour === 'SimpleAclAuthorizer' ? legacyListingOrder(versioned.acls.entries()) : versioned.acls.entries();
      for (const entry of entries) {
        const binding = { pattern, entry };
        if (bindingFilterMatches(filter, binding)) out.push(binding);
      }
    }
    return out;
  }

  /** SimpleAclAuthorizer.getAcls with a filter (kafka-acls' default service): per resource, the matching ACLs. */
  aclsByResource(filter: AclBindingFilter): ResourceAcls[] {
    const out: ResourceAcls[] = [];
    for (const { pattern, versioned } of this.cache.all()) {
      const matching = versioned.acls.entries().filter((entry) => bindingFilterMatches(filter, { pattern, entry }));
      if (matching.length > 0) out.push({ pattern, entries: legacyListingOrder(matching) });
    }
    return out;
  }

  // --- creating ------------------------------------------------------------------------------------

  createAcls(bindings: readonly AclBinding[]): Promise<AclCreateResult[]> {
    return this.flavour === 'SimpleAclAuthorizer' ? this.createAclsOneByOne(bindings) : this.createAclsGrouped(bindings);
  }

  /**
   * Adds ACLs the way kafka-acls' default service does (SimpleAclAuthorizer.addAcls): grouped per
   * resource; the first failure is thrown (the cause of what AclAuthorizer reported, as Kafka).
   */
  async addAcls(bindings: readonly AclBinding[]): Promise<void> {
    for (const result of await this.createAclsGrouped(bindings)) {
      if (result.error !== null) throw result.error.javaCause ?? result.error;
    }
  }

  /** AclAuthorizer.createAcls: checked, grouped by resource, one conditional update per resource. */
  private async createAclsGrouped(bindings: readonly AclBinding[]): Promise<AclCreateResult[]> {
    const results: AclCreateResult[] = new Array<AclCreateResult>(bindings.length);
    const groups = new Map<string, { pattern: ResourcePattern; indexes: number[] }>();
    bindings.forEach((binding, index) => {
      if (!this.extendedAclSupport && binding.pattern.patternType === PatternType.PREFIXED) {
        const cause = unsupportedVersion('Adding ACLs on prefixed resource patterns requires inter.broker.protocol.version of 2.0-IV1 or greater');
        results[index] = { error: invalidRequest('Failed to create ACL', cause) };
      } else if (bindingIsUnknown(binding)) {
        results[index] = { error: invalidRequest('Failed to create ACL', illegalArgument('ACL binding contains unknown elements')) };
      } else {
        const key = patternKey(binding.pattern);
        const group = groups.get(key) ?? { pattern: binding.pattern, indexes: [] };
        group.indexes.push(index);
        groups.set(key, group);
      }
    });
    if (groups.size > 0) {
      await this.locked(async () => {
        for (const { pattern, indexes } of groups.values()) {
          try {
            await this.updateResourceAcls(pattern, (current) => current.plus(indexes.map((i) => toScalaAcl(bindings[i]!.entry))));
            for (const i of indexes) results[i] = { error: null };
          } catch (error) {
            for (const i of indexes) results[i] = { error: asApiException(error) };
          }
        }
      });
    }
    return results;
  }

  /** AuthorizerWrapper.createAcls: each binding converted to the Scala types, then added on its own. */
  private async createAclsOneByOne(bindings: readonly AclBinding[]): Promise<AclCreateResult[]> {
    const results: AclCreateResult[] = [];
    for (const binding of bindings) {
      const converted = toScalaResourceAndAcl(patternToFilter(binding.pattern), entryToFilter(binding.entry));
      if (converted instanceof AclOperationError) {
        results.push({ error: converted });
        continue;
      }
      try {
        await this.addAcls([{ pattern: converted.pattern, entry: converted.entry }]);
        results.push({ error: null });
      } catch (error) {
        results.push({ error: error instanceof AclOperationError ? error : invalidRequest('Failed to create ACL', error) });
      }
    }
    return results;
  }

  // --- deleting ------------------------------------------------------------------------------------

  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]> {
    return this.flavour === 'SimpleAclAuthorizer' ? this.deleteAclsOneByOne(filters) : this.deleteAclsGrouped(filters);
  }

  /**
   * Removes what the filters match and answers what was removed, the way kafka-acls' default
   * service removes (SimpleAclAuthorizer.removeAcls): a failed removal is thrown.
   */
  async removeAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[]> {
    const removed: AclBinding[] = [];
    for (const result of await this.deleteAclsGrouped(filters)) {
      if (result.error !== null) throw result.error.javaCause ?? result.error;
      for (const deletion of result.deletions) {
        if (deletion.error !== null) throw deletion.error;
        removed.push(deletion.binding);
      }
    }
    return removed;
  }

  /** AclAuthorizer.deleteAcls: every cached resource a filter's pattern matches is updated once. */
  private deleteAclsGrouped(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]> {
    return this.locked(async () => {
      const deleted = new Map<string, { binding: AclBinding; index: number }>();
      const failures = new Map<string, AclOperationError>();
      for (const { pattern } of this.cache.all()) {
        const matching = filters.map((filter, index) => ({ filter, index })).filter(({ filter }) => patternFilterMatches(filter.patternFilter, pattern));
        if (matching.length === 0) continue;
        const beingDeleted = new Set<string>();
        try {
          await this.updateResourceAcls(pattern, (current) =>
            current.without((entry) =>
              matching.some(({ filter, index }) => {
                if (!entryFilterMatches(filter.entryFilter, entry)) return false;
                const binding = { pattern, entry };
                const key = bindingKey(binding);
                if (!deleted.has(key)) deleted.set(key, { binding, index });
                beingDeleted.add(key);
                return true;
              }),
            ),
          );
        } catch (error) {
          for (const key of beingDeleted) if (!failures.has(key)) failures.set(key, asApiException(error));
        }
      }
      return filters.map((_, i) => ({
        error: null,
        deletions: [...deleted.entries()].filter(([, d]) => d.index === i).map(([key, d]) => ({ binding: d.binding, error: failures.get(key) ?? null })),
      }));
    });
  }

  /**
   * AuthorizerWrapper.deleteAcls: filters that each name one ACL are converted to it; otherwise
   * every stored ACL a filter matches is collected. Then each is removed on its own.
   */
  private async deleteAclsOneByOne(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]> {
    const results = new Map<number, AclDeleteResult>();
    const toDelete = new Map<number, AclBinding[]>();
    if (filters.every(matchesAtMostOne)) {
      filters.forEach((filter, i) => {
        const converted = toScalaResourceAndAcl(filter.patternFilter, filter.entryFilter);
        if (converted instanceof AclOperationError) results.set(i, { error: converted, deletions: [] });
        else toDelete.set(i, [converted]);
      });
    } else {
      for (const { pattern, versioned } of this.cache.all()) {
        for (const entry of legacyListingOrder(versioned.acls.entries())) {
          const binding = { pattern, entry };
          filters.forEach((filter, i) => {
            if (!bindingFilterMatches(filter, binding)) return;
            const list = toDelete.get(i) ?? [];
            list.push(binding);
            toDelete.set(i, list);
          });
        }
      }
    }
    // A mutable.HashMap[Int, _] in Kafka: when two filters match one ACL, the one visited first removes it.
    for (const i of scalaMutableHashMapOrder([...toDelete.keys()], (k) => k)) {
      const deletions: AclBindingDeleteResult[] = [];
      for (const binding of toDelete.get(i)!) {
        try {
          const removed = await this.removeAcls([{ patternFilter: patternToFilter(binding.pattern), entryFilter: entryToFilter(binding.entry) }]);
          if (removed.length > 0) deletions.push({ binding, error: null });
        } catch (error) {
          deletions.push({ binding, error: asApiException(error) });
        }
      }
      results.set(i, { error: null, deletions });
    }
    return filters.map((_, i) => results.get(i) ?? { error: null, deletions: [] });
  }

  /** SimpleAclAuthorizer.removeAcls(resource): every ACL of exactly this pattern. */
  removeAllAcls(pattern: ResourcePattern): Promise<AclBinding[]> {
    return this.removeAcls([{ patternFilter: patternToFilter(pattern), entryFilter: ANY_ENTRY_FILTER }]);
  }

  // --- ZooKeeper -----------------------------------------------------------------------------------

  /**
   * updateResourceAcls: read-modify-write of one resource znode at the version read, re-reading
   * and retrying on conflict; a notification follows when the ACLs really changed. Even an update
   * that changes nothing rewrites the znode (its version moves on), as in Kafka.
   */
  private async updateResourceAcls(pattern: ResourcePattern, newAclsOf: (current: AclSet) => AclSet): Promise<boolean> {
    let current: VersionedAcls = this.cache.get(pattern) ?? (await this.store.getVersionedAcls(pattern));
    let written: VersionedAcls | null = null;
    for (let retries = 0; written === null && retries <= this.maxUpdateRetries; ) {
      const newAcls = newAclsOf(current.acls);
      let outcome: { ok: boolean; zkVersion: number };
      if (!newAcls.isEmpty) {
        outcome = current.zkVersion >= 0 ? await this.store.conditionalSetAcls(pattern, newAcls, current.zkVersion) : await this.store.createAclsIfNotExists(pattern, newAcls);
      } else {
        outcome = { ok: await this.store.conditionalDelete(pattern, current.zkVersion), zkVersion: 0 };
      }
      if (outcome.ok) {
        written = { acls: newAcls, zkVersion: outcome.zkVersion };
      } else {
        await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS + Math.floor(Math.random() * RETRY_BACKOFF_JITTER_MS)));
        current = await this.store.getVersionedAcls(pattern);
        retries++;
      }
    }
    if (written === null) throw illegalState(`Failed to update ACLs for ${scalaResourceString(pattern)} after trying a maximum of ${this.maxUpdateRetries} times`);
    this.cache.update(pattern, written);
    if (written.acls.sameAs(current.acls)) return false;
    await this.store.createChangeNotification(pattern);
    return true;
  }

  private async loadCache(): Promise<void> {
    for (const store of ACL_STORE_PATTERN_TYPES) {
      const patternType = store === 'LITERAL' ? PatternType.LITERAL : PatternType.PREFIXED;
      for (const typeName of await this.store.getResourceTypes(store)) {
        let resourceType;
        try {
          resourceType = resourceTypeFromName(typeName);
        } catch {
          this.serverLogger.warn(`Ignoring unknown ResourceType: ${typeName}`);
          continue;
        }
        for (const name of await this.store.getResourceNames(store as AclStorePatternType, resourceTypeName(resourceType))) {
          const pattern = { resourceType, name, patternType };
          this.cache.update(pattern, await this.store.getVersionedAcls(pattern));
        }
      }
    }
  }

  private listener(root: string, handle: (data: Buffer | null, name: string) => Promise<void>): ChangeNotificationListener {
    return new ChangeNotificationListener({ zk: this.zk, root, prefix: ACL_CHANGE_SEQUENCE_PREFIX, handle, logger: this.serverLogger, time: this.time });
  }

  private literalChange(data: Buffer | null, path: string): Promise<void> {
    const change = decodeLiteralAclChange(path, data);
    return this.reload({ resourceType: resourceTypeFromName(change.resourceType), name: change.name, patternType: PatternType.LITERAL });
  }

  private extendedChange(data: Buffer | null, path: string): Promise<void> {
    const change = decodeExtendedAclChange(path, data);
    const patternType = patternTypeFromName(change.patternType);
    if (!isSpecificPatternType(patternType)) throw illegalArgument(`patternType must not be ${javaPatternTypeName(patternType)}`);
    return this.reload({ resourceType: resourceTypeFromName(change.resourceType), name: change.name, patternType });
  }

  /** AclChangedNotificationHandler: the resource's ACLs as ZooKeeper has them now. */
  private reload(pattern: ResourcePattern): Promise<void> {
    return this.locked(async () => {
      this.cache.update(pattern, await this.store.getVersionedAcls(pattern));
    });
  }
}

/** AuthorizerUtils.convertToAcl: the principal parsed (a bad one throws IllegalArgumentException). */
function toScalaAcl(entry: AccessControlEntry): AccessControlEntry {
  let principal: string;
  try {
    principal = principalToString(parseKafkaPrincipal(entry.principal));
  } catch (error) {
    throw illegalArgument((error as Error).message);
  }
  return { principal, host: entry.host, operation: scalaOperation(entry.operation), permissionType: scalaPermissionType(entry.permissionType) };
}

/**
 * AuthorizerUtils.convertToResourceAndAcl: a filter naming exactly one ACL as the Scala Resource
 * and Acl, or the INVALID_REQUEST error carrying the first conversion's message.
 */
function toScalaResourceAndAcl(
  patternFilter: AclBindingFilter['patternFilter'],
  entryFilter: AclBindingFilter['entryFilter'],
): AclBinding | AclOperationError {
  try {
    const resourceType = scalaResourceType(patternFilter.resourceType);
    const entry = toScalaAcl({
      principal: entryFilter.principal ?? 'null',
      host: entryFilter.host ?? 'null',
      operation: entryFilter.operation,
      permissionType: entryFilter.permissionType,
    });
    if (!isSpecificPatternType(patternFilter.patternType)) throw illegalArgument(`patternType must not be ${javaPatternTypeName(patternFilter.patternType)}`);
    return { pattern: { resourceType, name: patternFilter.name ?? 'null', patternType: patternFilter.patternType }, entry };
  } catch (error) {
    return invalidRequest((error as Error).message);
  }
}
