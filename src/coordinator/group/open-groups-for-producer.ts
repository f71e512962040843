// Which groups a transactional producer has offsets pending in (Kafka's openGroupsForProducer), so
// that a transaction marker completes exactly those groups instead of visiting every cached one.

export class OpenGroupsForProducer {
  private readonly groupsByProducer = new Map<number, Set<string>>();

  add(producerId: number, groupId: string): void {
    let groups = this.groupsByProducer.get(producerId);
    if (groups === undefined) this.groupsByProducer.set(producerId, (groups = new Set()));
    groups.add(groupId);
  }

  remove(producerId: number, groupId: string): void {
    const groups = this.groupsByProducer.get(producerId);
    if (groups === undefined) return;
    groups.delete(groupId);
    if (groups.size === 0) this.groupsByProducer.delete(producerId);
  }

  /** The group left this coordinator: no producer's marker concerns it here anymore. */
  removeGroup(groupId: string): void {
    for (const producerId of [...this.groupsByProducer.keys()]) this.remove(producerId, groupId);
  }

  groupsOf(producerId: number): string[] {
    return [...(this.groupsByProducer.get(producerId) ?? [])];
  }

  clear(): void {
    this.groupsByProducer.clear();
  }
}
