import type { FormKind, Station } from '@pollwatch/core';
import type { AssignmentView, Store } from '@pollwatch/db';
import type { ElectionsService, ElectionWithCurrent } from '../elections/elections.service.ts';

export interface FieldPackData {
  election: ElectionWithCurrent | null;
  assignments: AssignmentView[];
  stations: Station[];
  forms: { formId: string; kind: FormKind; version: number; definition: unknown }[];
}

/**
 * Everything the field app caches for offline work after sign-in: the current election, the
 * observer's assignments with the stations' facts, and the published version of each form.
 */
export async function fieldPack(store: Store, elections: ElectionsService, observerId: string): Promise<FieldPackData> {
  const electionId = await elections.currentId();
  if (!electionId) return { election: null, assignments: [], stations: [], forms: [] };
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
  return { election, assignments, stations, forms };
}
