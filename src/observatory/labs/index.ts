// The labs `kafka-lab` and the observatory's page offer, in the order they are listed.

import type { LabView } from '../api-types';
import { controllerFailover } from './controller-failover';
import { groupRebalance } from './group-rebalance';
import { isrShrinkExpand } from './isr-shrink-expand';
import type { Lab } from './lab';
import { leaderFailover } from './leader-failover';
import { preferredLeader } from './preferred-leader';
import { reassignment } from './reassignment';
import { uncleanElection } from './unclean-election';
import { zombieBroker } from './zombie-broker';

export type { Lab, LabCheck, LabContext } from './lab';
export { runLab, isLabRunning, LAB_BROKER_DEFAULTS, type LabResult, type RunLabOptions } from './lab-runner';
export { formatEvent, formatTimeline, NOISY_KINDS } from './timeline-format';

export const LABS: readonly Lab[] = [controllerFailover, leaderFailover, isrShrinkExpand, uncleanElection, preferredLeader, zombieBroker, reassignment, groupRebalance];

export function findLab(name: string): Lab | undefined {
  return LABS.find((lab) => lab.name === name);
}

/** What GET /api/labs and the page's hello list. */
export function labViews(): LabView[] {
  return LABS.map(({ name, title, summary }) => ({ name, title, summary }));
}
