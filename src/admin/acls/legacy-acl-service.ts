// AclCommand's AuthorizerService: what `kafka-acls --authorizer-properties zookeeper.connect=...`
// runs by default (kafka.security.auth.SimpleAclAuthorizer, the old Scala interface). It prints
// the Scala classes (`Topic:LITERAL:t`, `User:a has Allow permission for operations: Read from
// hosts: *`) except in its "Adding ACLs" and confirmation lines, which show the Java ones.

import { ANY_BINDING_FILTER, ANY_ENTRY_FILTER, entryToFilter, patternFilterMatches, patternToFilter, type AclBindingFilter, type ResourcePatternFilter } from '../../security/acl/acl-filters';
import type { AclAuthorizer, ResourceAcls } from '../../security/acl/acl-authorizer';
import { entryString, resourcePatternString, scalaAclString, scalaResourceString } from '../../security/acl/acl-strings';
import type { ParsedOptions } from './acl-command-line';
import { addingBlock, confirmAction, currentBlock, removeAllPrompt, removePrompt, type AclCommandIo } from './acl-command-output';
import { principals, resourceFilterToAcls, resourceFilters, resourceToAcls } from './acl-command-resources';

export class LegacyAclService {
  constructor(
    private readonly options: ParsedOptions,
    private readonly io: AclCommandIo,
    private readonly withAuthorizer: <T>(use: (authorizer: AclAuthorizer) => Promise<T>) => Promise<T>,
  ) {}

  async addAcls(): Promise<void> {
    const patterns = resourceToAcls(this.options);
    await this.withAuthorizer(async (authorizer) => {
      for (const { pattern, entries } of patterns) {
        this.io.println(addingBlock(resourcePatternString(pattern), entries.map(entryString)));
        await authorizer.addAcls(entries.map((entry) => ({ pattern, entry })));
      }
      await this.listAcls();
    });
  }

  async removeAcls(): Promise<void> {
    await this.withAuthorizer(async (authorizer) => {
      const force = this.options.has('force');
      for (const { filter, entries } of resourceFilterToAcls(this.options)) {
        if (entries.length === 0) {
          if (!(await confirmAction(this.io, force, removeAllPrompt(resourcePatternString(filter))))) continue;
        } else if (!(await confirmAction(this.io, force, removePrompt(resourcePatternString(filter), entries.map(entryString))))) {
          continue;
        }
        // One removal per stored resource the filter matches.
        for (const { pattern } of matching(authorizer.aclsByResource(ANY_BINDING_FILTER), filter)) {
          if (entries.length === 0) await authorizer.removeAllAcls(pattern);
          else await authorizer.removeAcls(entries.map((e) => ({ patternFilter: patternToFilter(pattern), entryFilter: entryToFilter(e) })));
        }
      }
      await this.listAcls();
    });
  }

  async listAcls(): Promise<void> {
    await this.withAuthorizer(async (authorizer) => {
      const filters = resourceFilters(this.options, false);
      const listPrincipals = principals(this.options, 'principal');
      if (listPrincipals.length === 0) {
        this.print(filtered(authorizer, filters, ANY_BINDING_FILTER));
        return;
      }
      for (const principal of listPrincipals) {
        this.io.println(`ACLs for principal \`${principal}\``);
        this.print(filtered(authorizer, filters, { patternFilter: ANY_BINDING_FILTER.patternFilter, entryFilter: { ...ANY_ENTRY_FILTER, principal } }));
      }
    });
  }

  private print(resources: readonly ResourceAcls[]): void {
    for (const { pattern, entries } of resources) this.io.println(currentBlock(scalaResourceString(pattern), entries.map(scalaAclString)));
  }
}

function matching(resources: readonly ResourceAcls[], filter: ResourcePatternFilter): ResourceAcls[] {
  return resources.filter((r) => patternFilterMatches(filter, r.pattern));
}

/** getFilteredResourceToAcls: all (or the principal's) ACLs, of the resources some filter matches. */
function filtered(authorizer: AclAuthorizer, filters: readonly ResourcePatternFilter[], aclFilter: AclBindingFilter): ResourceAcls[] {
  const all = authorizer.aclsByResource(aclFilter);
  if (filters.length === 0) return all;
  const seen = new Set<ResourceAcls>();
  const out: ResourceAcls[] = [];
  for (const filter of filters) {
    for (const resource of matching(all, filter)) {
      if (seen.has(resource)) continue;
      seen.add(resource);
      out.push(resource);
    }
  }
  return out;
}
