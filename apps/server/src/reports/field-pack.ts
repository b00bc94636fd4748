import { addDays, type FormKind, localDateTime, type ReferenceNote, type Station } from '@pollwatch/core';
import type { AssignmentView, Store } from '@pollwatch/db';
import type { ElectionsService, ElectionWithCurrent } from '../elections/elections.service.ts';
import { REPORTS_CLOSE_AFTER_DAYS } from './ingest.service.ts';

export interface FieldPackData {
  election: ElectionWithCurrent | null;
  assignments: AssignmentView[];
  stations: Station[];
  forms: { formId: string; kind: FormKind; version: number; definition: unknown }[];
  referenceNotes: ReferenceNote[];
}

/**
 * The election the observer's pack is about: the current one when they have assignments in it;
 * otherwise the earliest election they are assigned in that still takes reports (until voting day
 * + 3 days, as ingest does), so an observer sent to a by-election that is not the HQ's current one
 * still gets their pack; otherwise the current election (nothing assigned yet).
 */
export async function packElectionId(
  store: Store,
  elections: ElectionsService,
  observerId: string,
  now: Date,
): Promise<string | null> {
  const currentId = await elections.currentId();
  const assignedIn = await store.assignments.electionIdsOf(observerId);
  if (currentId && assignedIn.includes(currentId)) return currentId;
  const open: { id: string; votingDate: string }[] = [];
  for (const id of assignedIn) {
    const e = await store.elections.findById(id);
    if (e && localDateTime(now, e.timeZone).date <= addDays(e.votingDate, REPORTS_CLOSE_AFTER_DAYS)) {
      open.push({ id: e.id, votingDate: e.votingDate });
    }
  }
  open.sort((a, b) => (a.votingDate < b.votingDate ? -1 : a.votingDate > b.votingDate ? 1 : a.id < b.id ? -1 : 1));
  return open[0]?.id ?? currentId;
}

/**
 * Everything the field app caches for offline work after sign-in: the election (see
 * `packElectionId`), the observer's assignments with the stations' facts, the published version of
 * each form and the election's reference notes.
 */
export async function fieldPack(
  store: Store,
  elections: ElectionsService,
  observerId: string,
  now: Date = new Date(),
): Promise<FieldPackData> {
  const electionId = await packElectionId(store, elections, observerId, now);
  if (!electionId) return { election: null, assignments: [], stations: [], forms: [], referenceNotes: [] };
  const election = await elections.get(electionId);
  const assignments = await store.assignments.list({ electionId, observerId });
  const stations: Station[] = [];
  for (const stationId of new Set(assignments.map((a) => a.stationId))) {
    const s = await store.stations.findById(stationId);
    if (s) stations.push(s);
  }
  const forms: FieldPackData['forms'] = [];
  for (const form of await store.forms.listByElection(electionId)) {
    const published = (await store.forms.versions(form.id)).find((v) => v.status === 'published');
    if (published)
      forms.push({ formId: form.id, kind: form.kind, version: published.version, definition: published.definition });
  }
  const referenceNotes = await store.referenceNotes.list(electionId);
  return { election, assignments, stations, forms, referenceNotes };
}
