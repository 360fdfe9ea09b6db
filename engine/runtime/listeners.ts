// Subscribers to one kind of kernel notification (status, start-up progress,
// variables), shared by the two KernelClient implementations.

export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  /** Subscribes; returns the function that unsubscribes. */
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(...args: A): void {
    for (const listener of this.set) listener(...args);
  }
}
