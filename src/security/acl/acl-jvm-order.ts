// The orders in which Kafka 2.4.1 (its Scala 2.12 build) writes and prints a resource's ACLs, so
// our znodes and kafka-acls lines come out as a real broker's. Measured against Kafka 2.4.1: a
// 12-ACL znode, its kafka-acls listing and its "Adding ACLs" lines all come out in these orders.
//
// - The authorizer keeps a resource's ACLs in an immutable Set[Acl]: up to 4 elements it is
//   Set1..Set4 (insertion order); from the 5th on a hash trie (HashSet), which stays a trie when
//   ACLs are removed again. An Acl is a case class, so its hash is MurmurHash3.productHash over
//   (principal, permissionType, host, operation): KafkaPrincipal's Java hash and the case
//   objects' name hashes.
// - The znode lists `acls.map(_.toMap.asJava)`: up to 4 in the Set's order, else a trie keyed by
//   the hash of Scala's MapWrapper (the sum of its entries' byteswap32 mixes).
// - kafka-acls prints `acls.map("\t" + _)`, a Set[String]: up to 4 in the set's order, else a
//   trie keyed by the strings' Java hashes.
// What Kafka cannot reproduce itself is left out: orders that follow a Java enum's identity hash
// (AccessControlEntry, AclBinding, ResourcePattern sets of up to 4) differ between JVMs; for those
// we keep the order the ACLs were given in.

import { javaStringHash } from '../../common/jvm-order/java-hash';
import { scalaMutableHashSetOrder } from '../../common/jvm-order/scala-mutable-hash-set-order';
import { operationName, permissionTypeName } from './acl-names';
import type { AccessControlEntry } from './acl-types';

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function mixLast(hash: number, data: number): number {
  let k = Math.imul(data, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  return hash ^ k;
}

function mix(hash: number, data: number): number {
  const h = rotl(mixLast(hash, data), 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalizeHash(hash: number, length: number): number {
  let h = hash ^ length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** scala.util.hashing.MurmurHash3.productHash (2.12): a case class's hashCode from its fields' hashes. */
export function scalaProductHash(fieldHashes: readonly number[]): number {
  let h = 0xcafebabe | 0;
  for (const field of fieldHashes) h = mix(h, field);
  return finalizeHash(h, fieldHashes.length);
}

function reverseBytes(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** scala.util.hashing.byteswap32 */
function byteswap32(v: number): number {
  return Math.imul(reverseBytes(Math.imul(v, 0x9e3775cd)), 0x9e3775cd);
}

/** scala.collection.immutable.HashSet#improve (2.12) */
function improve(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

/**
 * Iteration order of a Scala 2.12 HashSet (a hash trie) of `items`, whatever its size: by the
 * improved hash, five bits at a time from the low end.
 */
export function hashTrieOrder<T>(items: readonly T[], hashOf: (item: T) => number): T[] {
  const keyed = items.map((item) => ({ item, h: improve(hashOf(item)) }));
  keyed.sort((a, b) => {
    for (let shift = 0; shift < 32; shift += 5) {
      const d = ((a.h >>> shift) & 31) - ((b.h >>> shift) & 31);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}

/** KafkaPrincipal.hashCode of "Type:name". */
export function principalHash(principal: string): number {
  const colon = principal.indexOf(':');
  const type = colon < 0 ? principal : principal.slice(0, colon);
  const name = colon < 0 ? '' : principal.slice(colon + 1);
  return (Math.imul(31, javaStringHash(type)) + javaStringHash(name)) | 0;
}

/** kafka.security.auth.Acl#hashCode */
export function aclHash(entry: AccessControlEntry): number {
  return scalaProductHash([principalHash(entry.principal), javaStringHash(permissionTypeName(entry.permissionType)), javaStringHash(entry.host), javaStringHash(operationName(entry.operation))]);
}

/** hashCode of `acl.toMap.asJava` (a MapWrapper: each entry hashes as byteswap32(k) + byteswap32(v) << 16). */
export function aclJsonMapHash(entry: AccessControlEntry): number {
  const pairs: Array<[string, string]> = [
    ['principal', entry.principal],
    ['permissionType', permissionTypeName(entry.permissionType)],
    ['operation', operationName(entry.operation)],
    ['host', entry.host],
  ];
  let sum = 0;
  for (const [k, v] of pairs) sum = (sum + byteswap32(javaStringHash(k)) + (byteswap32(javaStringHash(v)) << 16)) | 0;
  return sum;
}

/** Equality key of an Acl (its four fields). */
export function aclKey(entry: AccessControlEntry): string {
  return `${entry.principal}\u0000${entry.permissionType}\u0000${entry.operation}\u0000${entry.host}`;
}

/**
 * A resource's ACLs as Kafka's immutable Set[Acl] holds them: the elements in insertion order
 * and whether the set has become a hash trie (which decides its iteration order).
 */
export class AclSet {
  static readonly EMPTY = new AclSet([], false);

  private constructor(
    private readonly items: readonly AccessControlEntry[],
    /** A HashSet (it once held more than 4): iterated in hash order, whatever its size now. */
    private readonly hashed: boolean,
  ) {}

  /** `iterator.toSet` of entries read from a znode: added one by one from the empty Set. */
  static of(entries: Iterable<AccessControlEntry>): AclSet {
    return AclSet.EMPTY.plus(entries);
  }

  get size(): number {
    return this.items.length;
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  has(entry: AccessControlEntry): boolean {
    const key = aclKey(entry);
    return this.items.some((e) => aclKey(e) === key);
  }

  /** `set ++ entries`: present ones are skipped; a 5th distinct element turns Set4 into a HashSet. */
  plus(entries: Iterable<AccessControlEntry>): AclSet {
    const items = [...this.items];
    const keys = new Set(items.map(aclKey));
    let hashed = this.hashed;
    for (const entry of entries) {
      const key = aclKey(entry);
      if (keys.has(key)) continue;
      keys.add(key);
      items.push(entry);
      if (items.length > 4) hashed = true;
    }
    return items.length === this.items.length ? this : new AclSet(items, hashed);
  }

  /** `set -- removed` (or filterNot): the survivors keep their order and the set its kind. */
  without(remove: (entry: AccessControlEntry) => boolean): AclSet {
    const items = this.items.filter((e) => !remove(e));
    return items.length === this.items.length ? this : new AclSet(items, this.hashed);
  }

  /** Same elements, whatever the order (Kafka compares sets by content). */
  sameAs(other: AclSet): boolean {
    return this.size === other.size && this.items.every((e) => other.has(e));
  }

  /** Iteration order of the Set[Acl]. */
  entries(): AccessControlEntry[] {
    return this.hashed ? hashTrieOrder(this.items, aclHash) : [...this.items];
  }

  /** The order Acl.toJsonCompatibleMap writes them into the znode. */
  znodeOrder(): AccessControlEntry[] {
    const ordered = this.entries();
    return ordered.length > 4 ? hashTrieOrder(ordered, aclJsonMapHash) : ordered;
  }
}

/**
 * The order SimpleAclAuthorizer.getAcls hands out a resource's ACLs (those the filter kept, in the
 * Set[Acl]'s order): gathered into a mutable.HashSet, then `toSet` (up to 4 in the mutable set's
 * slot order, else hash order).
 */
export function legacyListingOrder(entries: readonly AccessControlEntry[]): AccessControlEntry[] {
  if (entries.length > 4) return hashTrieOrder(entries, aclHash);
  return scalaMutableHashSetOrder(entries, aclHash, aclKey);
}

/** Iteration order of a Scala immutable Set[String] built from `lines` in that order. */
export function scalaStringSetOrder(lines: readonly string[]): string[] {
  const distinct = [...new Set(lines)];
  return distinct.length > 4 ? hashTrieOrder(distinct, javaStringHash) : distinct;
}
