// Kafka's topic name rules (Topic.validate): 1-249 characters from [a-zA-Z0-9._-], not "." or "..".
// Names differing only in '.' versus '_' collide in metrics names, which Kafka refuses on creation.

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal topic name, or null when it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is illegal, it can\'t be empty';
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters, topic name: ${name}`;
  }
  if (!LEGAL.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

/** Topics whose names collide with `name` once '.' and '_' are treated alike. */
export function collidingTopics(name: string, existing: Iterable<string>): string[] {
  const unified = name.replace(/\./g, '_');
  return [...existing].filter((t) => t !== name && t.replace(/\./g, '_') === unified);
}
