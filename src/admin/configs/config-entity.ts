// The entities kafka-configs works on, as Kafka 2.4.1's ConfigCommand names them: a root entity
// (topics/t, brokers/1, clients/c, users/u, or a type's <default>) with, for users, an optional
// client child (users/u/clients/c). User and client names are stored URL-encoded ("sanitized")
// in ZooKeeper, exactly as Kafka's Sanitizer does it, and printed decoded.

import { DEFAULT_CONFIG_ENTITY, type ConfigEntityType } from '../../zk';

/** Java's URLEncoder.encode(s, UTF-8) followed by Sanitizer's '*' -> %2A and '+' -> %20. */
export function sanitize(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-_]/.test(ch)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Sanitizer.desanitize (URLDecoder.decode). */
export function desanitize(name: string): string {
  return decodeURIComponent(name.replace(/\+/g, ' '));
}

export class Entity {
  constructor(
    readonly entityType: ConfigEntityType,
    /** Sanitized; undefined: every entity of the type. */
    readonly sanitizedName?: string,
  ) {}

  get entityPath(): string {
    return this.sanitizedName === undefined ? this.entityType : `${this.entityType}/${this.sanitizedName}`;
  }

  toString(): string {
    const typeName = { users: 'user-principal', clients: 'client-id', topics: 'topic', brokers: 'brokers' }[this.entityType];
    if (this.sanitizedName === undefined) return this.entityType;
    if (this.sanitizedName === DEFAULT_CONFIG_ENTITY) return `default ${typeName}`;
    const name = this.entityType === 'users' || this.entityType === 'clients' ? desanitize(this.sanitizedName) : this.sanitizedName;
    return `${typeName} '${name}'`;
  }
}

export class ConfigEntity {
  constructor(
    readonly root: Entity,
    readonly child?: Entity,
  ) {}

  /** The name under /config/<root type>: `<root>` or `<root>/<child type>/<child>`. */
  get fullSanitizedName(): string {
    return (this.root.sanitizedName ?? '') + (this.child === undefined ? '' : `/${this.child.entityPath}`);
  }

  toString(): string {
    return this.root.toString() + (this.child === undefined ? '' : `, ${this.child.toString()}`);
  }
}

/** What ConfigCommand.getAllEntities needs from ZooKeeper: the entity names under a config path. */
export type EntityLister = (entityPath: string) => Promise<string[]>;

/** ConfigCommand.ConfigEntity.getAllEntities: expands the unnamed parts of `entity` to every entity with a config. */
export async function allEntities(entity: ConfigEntity, list: EntityLister): Promise<ConfigEntity[]> {
  const { root, child } = entity;
  if (root.sanitizedName === undefined) {
    const roots = (await list(root.entityType)).map((name) => new ConfigEntity(new Entity(root.entityType, name), child));
    if (child === undefined) return roots;
    const expanded = await Promise.all(roots.map((r) => allEntities(new ConfigEntity(r.root, new Entity(child.entityType)), list)));
    return expanded.flat();
  }
  if (child !== undefined && child.sanitizedName === undefined) {
    return (await list(`${root.entityPath}/${child.entityType}`)).map((name) => new ConfigEntity(root, new Entity(child.entityType, name)));
  }
  return [entity];
}
