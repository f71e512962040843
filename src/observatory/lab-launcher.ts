// Labs started from the page: each runs on a fresh cluster of its own, shown in the observatory
// while it runs (the observatory then goes back to the cluster it watched before).

import type { Logger } from '../common/logger';
import { findLab, isLabRunning, labViews, LABS, runLab } from './labs';
import type { LabLauncher } from './observatory-server';

export function labLauncher(logger?: Logger): LabLauncher {
  return {
    list: labViews,
    start(name, observatory) {
      const lab = findLab(name);
      if (lab === undefined) throw new Error(`no lab ${name}; the labs are ${LABS.map((l) => l.name).join(', ')}`);
      if (isLabRunning(observatory)) throw new Error('a lab is already running');
      void runLab(lab, { observatory, logger }).catch((error) => logger?.error(`Lab ${name} failed to run: ${(error as Error).message}`));
    },
  };
}
