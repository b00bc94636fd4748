import { addDays, type Election, type FormKind, localDateTime, type Station } from '@pollwatch/core';
import type { AssignmentView, Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import type { ElectionsService, ElectionWithCurrent } from '../elections/elections.service.ts';
import { REPORTS_CLOSE_AFTER_DAYS } from './ingest.service.ts';

export interface FieldPackData {
  /** The election the pack leads with (see `packElectionIds`); null when there is none. */
  election: ElectionWithCurrent | null;
  /**
   * Every election the observer works in, `election` first: on a day with two elections at the
   * same stations (a parliament and local councils), an observer watches both.
   */
  elections: ElectionWithCurrent[];
  assignments: AssignmentView[];
  stations: Station[];
  forms: { electionId: string; formId: string; kind: FormKind; version: number; definition: unknown }[];
}

/** What an observer's phone caches to work offline: their elections, assignments, stations and forms. */
export class FieldPackService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  /**
   * The elections of the observer's pack. First the current one when they have assignments in it,
   * else the earliest they are assigned in that still takes reports (until voting day + 3 days, as
   * ingest does), so an observer sent to a by-election that is not the HQ's current one still gets
   * their pack; then every other election they are assigned in that still takes reports, by voting
   * date. With no such election, the current one alone (nothing assigned yet).
   */
  async packElections(observerId: string): Promise<ElectionWithCurrent[]> {
    const now = this.now();
    const currentId = await this.elections.currentId();
    const withCurrent = (e: Election): ElectionWithCurrent => ({ ...e, isCurrent: e.id === currentId });
    const assignedIn = await this.store.assignments.electionIdsOf(observerId);
    const open: Election[] = [];
    let current: Election | undefined;
    for (const id of assignedIn) {
      const e = await this.store.elections.findById(id);
      if (e && id === currentId) current = e;
      if (e && localDateTime(now, e.timeZone).date <= addDays(e.votingDate, REPORTS_CLOSE_AFTER_DAYS)) open.push(e);
    }
    open.sort((a, b) => (a.votingDate < b.votingDate ? -1 : a.votingDate > b.votingDate ? 1 : a.id < b.id ? -1 : 1));
    const pack = current ? [current] : [];
    for (const e of open) if (e.id !== current?.id) pack.push(e);
    if (pack.length === 0 && currentId) {
      const only = await this.store.elections.findById(currentId);
      if (only) pack.push(only);
    }
    return pack.map(withCurrent);
  }

  /** The ids of `packElections`, in the same order. */
  async packElectionIds(observerId: string): Promise<string[]> {
    return (await this.packElections(observerId)).map((e) => e.id);
  }

  /**
   * What the field app caches for offline work after sign-in: the elections (see `packElections`),
   * the observer's assignments in them with the stations' facts and the published version of each
   * of their forms. Their reference notes come from `GET /me/reference-notes`, over the same elections.
   */
  async fieldPack(actor: Actor): Promise<FieldPackData> {
    const observerId = actor.user.id;
    const pack: FieldPackData = {
      election: null,
      elections: [],
      assignments: [],
      stations: [],
      forms: [],
    };
    for (const election of await this.packElections(observerId)) {
      const electionId = election.id;
      pack.elections.push(election);
      const assignments = await this.store.assignments.list({ electionId, observerId });
      pack.assignments.push(...assignments);
      for (const stationId of new Set(assignments.map((a) => a.stationId))) {
        const s = await this.store.stations.findById(stationId);
        if (s) pack.stations.push(s);
      }
      for (const form of await this.store.forms.listByElection(electionId)) {
        const published = (await this.store.forms.versions(form.id)).find((v) => v.status === 'published');
        if (published) {
          pack.forms.push({
            electionId,
            formId: form.id,
            kind: form.kind,
            version: published.version,
            definition: published.definition,
          });
        }
      }
    }
    pack.election = pack.elections[0] ?? null;
    return pack;
  }
}
