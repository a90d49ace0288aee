// The services' side of the contract's events: handlers emit, carriers (Electron IPC, the web
// bridge's WebSocket) subscribe once and forward everything. Typed by ApiEvents.
import type { ApiEvent, ApiEvents } from '../../core/api/contract.js';

export type EventSink = <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => void;

export class ApiEventHub {
  private readonly sinks = new Set<EventSink>();

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void {
    for (const sink of [...this.sinks]) {
      try {
        sink(event, payload);
      } catch {
        // A carrier that fails to forward (a closed socket) must not break the service.
      }
    }
  }
}
