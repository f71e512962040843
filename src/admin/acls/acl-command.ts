// Kafka 2.4.1's AclCommand.main, with its output and exit status, over an injected terminal so
// tests can run it in-process: joptsimple's parse errors escape (the JVM prints them, exit 1);
// --help or no arguments print the help (exit 1), --version the version (exit 0); checkArgs
// failures print their message and the help (exit 1); then one action (--add, --remove, --list)
// on the chosen service, whose failures print "Error while executing ACL command: ..." and the
// exception on stdout (exit 1). Stack frames are not printed: only the exception's own line.

import { UsageError } from '../common/command-line';
import { javaThrowableString } from '../../security/acl/acl-errors';
import { ACL_AUTHORIZER_CLASS, SIMPLE_ACL_AUTHORIZER_CLASS } from '../../security/acl/authorizer-class-names';
import { AdminAclClient, executionException } from './admin-acl-client';
import { ACL_COMMAND_DESCRIPTION, ACL_COMMAND_HELP_TABLE } from './acl-command-help';
import { JoptParseError, parseJoptCommandLine, type ParsedOptions } from './acl-command-line';
import { ACL_OPTION_SPECS, checkAclCommandArgs } from './acl-command-options';
import type { AclCommandIo } from './acl-command-output';
import { withAuthorizer } from './authorizer-session';
import { JavaAclService, type JavaAclBackend } from './java-acl-service';
import type { AclAuthorizer } from '../../security/acl/acl-authorizer';
import { LegacyAclService } from './legacy-acl-service';

export const KAFKA_VERSION_STRING = '2.4.1 (Commit:c57222ae8cd7866b)';

export interface AclCommandTerminal extends AclCommandIo {
  printErr(text: string): void;
}

interface AclCommandService {
  addAcls(): Promise<void>;
  removeAcls(): Promise<void>;
  listAcls(): Promise<void>;
}

/** Throwable.toString plus the newline printStackTrace ends with (the frames left out). */
function stackTrace(error: unknown): string {
  return `${javaThrowableString(error)}\n`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function usage(io: AclCommandTerminal, message: string): number {
  io.printErr(message);
  io.printErr(ACL_COMMAND_HELP_TABLE);
  return 1;
}

function createService(options: ParsedOptions, io: AclCommandTerminal): AclCommandService {
  const bootstrap = options.valueOf('bootstrap-server');
  if (bootstrap !== null) {
    const client = new AdminAclClient(bootstrap);
    return new JavaAclService(options, io, { withBackend: (use) => use(client), failWith: executionException, stackTrace });
  }
  const className = options.valueOf('authorizer') ?? SIMPLE_ACL_AUTHORIZER_CLASS;
  if (className !== SIMPLE_ACL_AUTHORIZER_CLASS && className !== ACL_AUTHORIZER_CLASS) throw new ClassNotFound(className);
  const properties = options.valuesOf('authorizer-properties');
  if (className === SIMPLE_ACL_AUTHORIZER_CLASS) return new LegacyAclService(options, io, (use) => withAuthorizer(className, properties, use));
  return new JavaAclService(options, io, { withBackend: (use) => withAuthorizer(className, properties, (authorizer) => use(authorizerBackend(authorizer))), stackTrace });
}

/** JAuthorizerService's calls on the authorizer (its `acls` answers at once). */
function authorizerBackend(authorizer: AclAuthorizer): JavaAclBackend {
  return {
    createAcls: (bindings) => authorizer.createAcls(bindings),
    deleteAcls: (filters) => authorizer.deleteAcls(filters),
    describeAcls: async (filter) => authorizer.acls(filter),
  };
}

/** Class.forName of an --authorizer we do not have: escapes main, as in Kafka. */
class ClassNotFound extends Error {
  readonly javaClass = 'java.lang.ClassNotFoundException';
}

export async function runAclCommand(args: readonly string[], io: AclCommandTerminal): Promise<number> {
  let options: ParsedOptions;
  try {
    options = parseJoptCommandLine(args, ACL_OPTION_SPECS);
  } catch (error) {
    if (!(error instanceof JoptParseError)) throw error;
    io.printErr(`Exception in thread "main" ${error.javaClass}: ${error.message}`);
    return 1;
  }
  if (args.length === 0 || options.has('help')) return usage(io, ACL_COMMAND_DESCRIPTION);
  if (options.has('version')) {
    io.println(KAFKA_VERSION_STRING);
    return 0;
  }
  let service: AclCommandService;
  try {
    checkAclCommandArgs(options);
    service = createService(options, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    io.printErr(`Exception in thread "main" ${javaThrowableString(error)}`);
    return 1;
  }
  try {
    if (options.has('add')) await service.addAcls();
    else if (options.has('remove')) await service.removeAcls();
    else await service.listAcls();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    io.println(`Error while executing ACL command: ${messageOf(error)}`);
    io.println(stackTrace(error));
    return 1;
  }
}
