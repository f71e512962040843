// Property names that Kafka 2.4.1 does not define. Its broker starts with them: plug-ins
// (authorizers, metric reporters, `confluent.*` settings) read their own keys from the same file,
// and KafkaConfig keeps every original for them. So do we, and we also say so in server.log, in
// the words Kafka's clients use for the same case, adding the known name a near-miss (a typo one
// or two edits away) probably meant.

import { distance } from 'fastest-levenshtein';

/** A typo further away than this is more likely a plug-in's own key than a misspelt Kafka name. */
const MAX_EDIT_DISTANCE = 2;

/** The known names at the smallest edit distance (1-2) from `name`, in `knownNames` order. */
export function nearMisses(name: string, knownNames: Iterable<string>): string[] {
  let best = MAX_EDIT_DISTANCE + 1;
  let closest: string[] = [];
  for (const known of knownNames) {
    const d = distance(name, known);
    if (d === 0 || d > best) continue;
    if (d < best) [best, closest] = [d, []];
    closest.push(known);
  }
  return closest;
}

/** The warning for one unknown property, with a "did you mean" when a known name is close. */
export function unknownPropertyWarning(name: string, knownNames: Iterable<string>): string {
  const warning = `The configuration '${name}' was supplied but isn't a known config.`;
  const candidates = nearMisses(name, knownNames);
  if (candidates.length === 0) return warning;
  return `${warning} Did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?`;
}
