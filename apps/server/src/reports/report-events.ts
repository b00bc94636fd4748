import { EventEmitter } from 'node:events';
import type { ReportFlag } from '@pollwatch/core';
import type { Broadcast } from '@pollwatch/db';

export interface ReportAcceptedEvent {
  type: 'report.accepted';
  electionId: string;
  reportId: string;
  revision: number;
  stationId: string;
  stationNumber: number;
  formKind: string;
  flags: ReportFlag[];
  at: string;
}

/**
 * Fan-out of accepted reports to the HQ's live views (server-sent events). In one process an
 * event emitter is all it takes. On PostgreSQL several processes may serve one HQ, so events go
 * through the database (LISTEN/NOTIFY) and every process, this one included, delivers what it
 * hears to its own consoles.
 */
export class ReportEvents {
  private readonly emitter = new EventEmitter();
  private stopListening: (() => Promise<void>) | undefined;
  private listening = false;

  constructor(private readonly broadcast?: Broadcast) {
    // Every open console is a listener: hundreds are normal.
    this.emitter.setMaxListeners(0);
  }

  /** Joins the other processes' fan-out; until then (and without PostgreSQL) events stay local. */
  async start(): Promise<void> {
    if (!this.broadcast || this.listening) return;
    this.stopListening = await this.broadcast.subscribe((payload) => {
      const event = parseEvent(payload);
      if (event) this.deliver(event);
    });
    this.listening = true;
  }

  async stop(): Promise<void> {
    this.listening = false;
    await this.stopListening?.();
    this.stopListening = undefined;
  }

  publish(event: ReportAcceptedEvent): void {
    if (!this.broadcast || !this.listening) {
      this.deliver(event);
      return;
    }
    // If the database cannot pass it on, this process's consoles still hear of it.
    this.broadcast.publish(JSON.stringify(event)).catch(() => this.deliver(event));
  }

  /**
   * An event already sent to every process with its report's transaction (`Announce`): this
   * process hears it like the others, or, not listening, delivers it itself.
   */
  announced(event: ReportAcceptedEvent): void {
    if (!this.broadcast || !this.listening) this.deliver(event);
  }

  /** `frame` is the event as a server-sent-events frame, written once for every console. */
  subscribe(electionId: string, listener: (event: ReportAcceptedEvent, frame: string) => void): () => void {
    this.emitter.on(electionId, listener);
    return () => this.emitter.off(electionId, listener);
  }

  private deliver(event: ReportAcceptedEvent): void {
    if (this.emitter.listenerCount(event.electionId) === 0) return;
    this.emitter.emit(event.electionId, event, `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
}

function parseEvent(payload: string): ReportAcceptedEvent | undefined {
  try {
    const event = JSON.parse(payload) as ReportAcceptedEvent;
    return event?.type === 'report.accepted' && typeof event.electionId === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}
