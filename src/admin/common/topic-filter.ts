// `--topic` for list/describe/alter/delete is a whitelist regex in Kafka 2.4 (kafka.utils.Whitelist):
// commas mean "or", spaces and surrounding quotes are dropped, and a topic must match the whole
// pattern (Java's String.matches), so `--topic foo` never selects `foo2`.

/** Kafka's internal topics (org.apache.kafka.common.internals.Topic.isInternal). */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

export const isInternalTopic = (topic: string): boolean => INTERNAL_TOPICS.has(topic);

export class InvalidRegexError extends Error {}

export function whitelistRegex(raw: string): RegExp {
  const source = raw.trim().replace(/,/g, '|').replace(/ /g, '').replace(/^["']+/, '').replace(/["']+$/, '');
  try {
    // Anchored and grouped so alternatives all have to match the whole name, as matches() does.
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    throw new InvalidRegexError(`${source} is an invalid regex.`);
  }
}

/** TopicCommand.doGetTopics: sorted topics selected by the whitelist (all when absent). */
export function selectTopics(allTopics: readonly string[], whitelist: string | undefined, excludeInternal: boolean): string[] {
  const sorted = [...allTopics].sort();
  const regex = whitelist === undefined ? null : whitelistRegex(whitelist);
  return sorted.filter((t) => (regex === null || regex.test(t)) && !(excludeInternal && isInternalTopic(t)));
}
