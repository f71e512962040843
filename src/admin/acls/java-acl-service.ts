// AclCommand's two services on the Java ACL interface, which print the Java classes' toString
// (ResourcePattern(...), (principal=..., ...)): JAuthorizerService (`--authorizer
// kafka.security.authorizer.AclAuthorizer`, straight to ZooKeeper through our authorizer) and
// AdminClientService (`--bootstrap-server`, through CreateAcls/DescribeAcls/DeleteAcls). They
// differ in failures only: the authorizer's are printed ("Error while adding ACLs: ...") and the
// command goes on, the admin client's end the command.

import { entryToFilter, ANY_BINDING_FILTER, ANY_ENTRY_FILTER, type AclBindingFilter, type ResourcePatternFilter } from '../../security/acl/acl-filters';
import type { AclCreateResult, AclDeleteResult } from '../../security/acl/acl-authorizer';
import type { AclOperationError } from '../../security/acl/acl-errors';
import { entryString, resourcePatternString } from '../../security/acl/acl-strings';
import type { AccessControlEntry, AclBinding, ResourcePattern } from '../../security/acl/acl-types';
import type { ParsedOptions } from './acl-command-line';
import { addingBlock, confirmAction, currentBlock, removeAllPrompt, removePrompt, type AclCommandIo } from './acl-command-output';
import { principals, resourceFilterToAcls, resourceFilters, resourceToAcls } from './acl-command-resources';

/** One session with the ACL store (an authorizer, or an admin client's connection). */
export interface JavaAclBackend {
  createAcls(bindings: readonly AclBinding[]): Promise<AclCreateResult[]>;
  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclDeleteResult[]>;
  describeAcls(filter: AclBindingFilter): Promise<AclBinding[]>;
}

export interface JavaAclServiceOptions {
  /** withAuthorizer / withAdminClient: a fresh session for `use`, closed after. */
  withBackend<T>(use: (backend: JavaAclBackend) => Promise<T>): Promise<T>;
  /** AdminClientService: a failed creation or deletion ends the command with the error made of it. */
  failWith?: (error: AclOperationError) => Error;
  /** Utils.stackTrace for a printed failure (our stand-in prints the exception line only). */
  stackTrace(error: AclOperationError): string;
}

export class JavaAclService {
  constructor(
    private readonly options: ParsedOptions,
    private readonly io: AclCommandIo,
    private readonly service: JavaAclServiceOptions,
  ) {}

  async addAcls(): Promise<void> {
    const patterns = resourceToAcls(this.options);
    await this.service.withBackend(async (backend) => {
      for (const { pattern, entries } of patterns) {
        this.io.println(addingBlock(resourcePatternString(pattern), entries.map(entryString)));
        const results = await backend.createAcls(entries.map((entry) => ({ pattern, entry })));
        this.report(results.map((r) => r.error), 'adding');
      }
      await this.listAcls();
    });
  }

  async removeAcls(): Promise<void> {
    await this.service.withBackend(async (backend) => {
      const force = this.options.has('force');
      for (const { filter, entries } of resourceFilterToAcls(this.options)) {
        const confirmed =
          entries.length === 0
            ? await confirmAction(this.io, force, removeAllPrompt(resourcePatternString(filter)))
            : await confirmAction(this.io, force, removePrompt(resourcePatternString(filter), entries.map(entryString)));
        if (!confirmed) continue;
        const filters = entries.length === 0 ? [{ patternFilter: filter, entryFilter: ANY_ENTRY_FILTER }] : entries.map((e) => ({ patternFilter: filter, entryFilter: entryToFilter(e) }));
        for (const result of await backend.deleteAcls(filters)) {
          this.report([result.error], 'removing');
          this.report(result.deletions.map((d) => d.error), 'removing');
        }
      }
      await this.listAcls();
    });
  }

  async listAcls(): Promise<void> {
    await this.service.withBackend(async (backend) => {
      const filters = resourceFilters(this.options, false);
      const listPrincipals = principals(this.options, 'principal');
      const resourceToAcls = await this.aclsOf(backend, filters);
      if (listPrincipals.length === 0) {
        for (const { pattern, entries } of resourceToAcls) this.io.println(currentBlock(resourcePatternString(pattern), entries.map(entryString)));
        return;
      }
      for (const principal of listPrincipals) {
        this.io.println(`ACLs for principal \`${principal}\``);
        for (const { pattern, entries } of resourceToAcls) {
          const own = entries.filter((e) => e.principal === principal);
          if (own.length > 0) this.io.println(currentBlock(resourcePatternString(pattern), own.map(entryString)));
        }
      }
    });
  }

  /** getAcls: the bindings of each filter (or all), gathered per resource pattern. */
  private async aclsOf(backend: JavaAclBackend, filters: readonly ResourcePatternFilter[]): Promise<Array<{ pattern: ResourcePattern; entries: AccessControlEntry[] }>> {
    const bindings: AclBinding[] = [];
    if (filters.length === 0) bindings.push(...(await backend.describeAcls(ANY_BINDING_FILTER)));
    else for (const patternFilter of filters) bindings.push(...(await backend.describeAcls({ patternFilter, entryFilter: ANY_ENTRY_FILTER })));
    const byPattern = new Map<string, { pattern: ResourcePattern; entries: AccessControlEntry[]; keys: Set<string> }>();
    for (const { pattern, entry } of bindings) {
      const key = `${pattern.resourceType}\u0000${pattern.patternType}\u0000${pattern.name}`;
      const group = byPattern.get(key) ?? { pattern, entries: [], keys: new Set<string>() };
      byPattern.set(key, group);
      const entryKey = entryString(entry);
      if (!group.keys.has(entryKey)) {
        group.keys.add(entryKey);
        group.entries.push(entry);
      }
    }
    return [...byPattern.values()];
  }

  private report(errors: ReadonlyArray<AclOperationError | null>, what: 'adding' | 'removing'): void {
    for (const error of errors) {
      if (error === null) continue;
      if (this.service.failWith !== undefined) throw this.service.failWith(error);
      this.io.println(`Error while ${what} ACLs: ${error.message}`);
      this.io.println(this.service.stackTrace(error));
    }
  }
}
