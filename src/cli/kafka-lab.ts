// bin/kafka-lab: the observatory's labs, headless. `kafka-lab list` names them; `kafka-lab run NAME`
// starts a fresh local cluster, runs the lab's script and prints its narration, the control-plane
// timeline as it happens and the checks; exit status 0 when every check passed, 1 when one failed,
// 2 for a command line it cannot run (an unknown lab name, say). Logic: src/observatory/labs/.

import { Command } from 'commander';
import { findLab, LABS, runLab } from '../observatory/labs';
import { wrap } from '../observatory/labs/timeline-format';

function names(): string {
  return LABS.map((lab) => lab.name).join(', ');
}

function list(): void {
  const width = Math.max(...LABS.map((lab) => lab.name.length));
  for (const lab of LABS) {
    console.log(`${lab.name.padEnd(width)}  ${lab.title}`);
    for (const line of wrap(lab.summary, 96 - width)) console.log(`${' '.repeat(width)}    ${line}`);
  }
}

async function run(name: string, opts: { verbose?: boolean; keepDir?: boolean }): Promise<number> {
  const lab = findLab(name);
  if (lab === undefined) {
    process.stderr.write(`kafka-lab: no lab named '${name}'. The labs are: ${names()}\n`);
    return 2;
  }
  const abort = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nkafka-lab: interrupted; stopping the lab cluster...\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const result = await runLab(lab, { print: (line) => console.log(line), verbose: opts.verbose, keepDir: opts.keepDir, signal: abort.signal });
  console.log('');
  console.log('Checks:');
  for (const c of result.checks) console.log(`  ${c.ok ? '[ok]    ' : '[FAILED]'} ${c.description}${c.detail === undefined ? '' : ` (${c.detail})`}`);
  const failed = result.checks.filter((c) => !c.ok).length;
  console.log(`Lab ${lab.name} ${result.passed ? 'passed' : 'FAILED'}: ${result.checks.length - failed} of ${result.checks.length} checks passed in ${(result.durationMs / 1000).toFixed(1)} s.`);
  if (result.dir !== undefined) console.log(`Kept the lab's directory: ${result.dir}`);
  return result.passed ? 0 : 1;
}

async function main(): Promise<number> {
  let code = 0;
  const program = new Command('kafka-lab')
    .description('Replayable scenarios of the ZooKeeper-mode control plane, each on a fresh 3-broker local cluster')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('list')
    .description('list the labs')
    .action(() => list());
  program
    .command('run')
    .description('run a lab headless: narration, the control-plane timeline as it happens, and its checks')
    .argument('<name>', `the lab (${names()})`)
    .option('--verbose', 'print every event (state-change.log lines, requests the controller sends) too')
    .option('--keep-dir', "keep the lab cluster's directory (ZooKeeper data, broker logs) afterwards")
    .action(async (name: string, opts: { verbose?: boolean; keepDir?: boolean }) => {
      code = await run(name, opts);
    });
  if (process.argv.length <= 2) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync();
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
    return 2;
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`kafka-lab: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
