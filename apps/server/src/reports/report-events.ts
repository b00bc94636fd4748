import { EventEmitter } from 'node:events';
import type { ReportFlag } from '@pollwatch/core';

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
 * Fan-out of accepted reports to the HQ's live views (server-sent events). In one process this is
 * all it takes; several processes on PostgreSQL need LISTEN/NOTIFY behind it (not built yet).
 */
export class ReportEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open console is a listener: hundreds are normal.
    this.emitter.setMaxListeners(0);
  }

  publish(event: ReportAcceptedEvent): void {
    this.emitter.emit(event.electionId, event);
  }

  subscribe(electionId: string, listener: (event: ReportAcceptedEvent) => void): () => void {
    this.emitter.on(electionId, listener);
    return () => this.emitter.off(electionId, listener);
  }
}
