import type { RunEvent } from '@twingraph/model';

export type RunEventListener = (event: RunEvent) => void;

/**
 * Synchronous fan-out of run events. `active` lets the engine skip building event objects when
 * nobody listens, which keeps per-task overhead low. A throwing listener is isolated from the run.
 * A run's bus forwards to the engine's bus.
 */
export class EventBus {
  private readonly listeners = new Set<RunEventListener>();

  constructor(private readonly parent?: EventBus) {}

  get active(): boolean {
    return this.listeners.size > 0 || (this.parent?.active ?? false);
  }

  on(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (UI, metrics) must never fail the run it observes.
      }
    }
    this.parent?.emit(event);
  }
}
