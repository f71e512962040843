import { collidingTopics, topicNameProblem } from '../../src/common/topic-name';

describe('topic names', () => {
  it.each(['t', 'my-topic_1.x', 'a'.repeat(249), '__consumer_offsets'])('accepts %s', (name) => {
    expect(topicNameProblem(name)).toBeNull();
  });
  it.each(['', '.', '..', 'a'.repeat(250), 'has space', 'slash/no', 'ü'])('rejects %j', (name) => {
    expect(topicNameProblem(name)).not.toBeNull();
  });
  it("finds collisions between '.' and '_'", () => {
    expect(collidingTopics('a.b', ['a_b', 'a.b', 'c'])).toEqual(['a_b']);
  });
});
