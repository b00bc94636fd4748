import type { Store } from '@pollwatch/db';
import { audit } from '../auth/actor.ts';
import { ElectionsService } from '../elections/elections.service.ts';
import { createRehearsal, type Rehearsal } from './demo-campaign.ts';
import { demoReferenceNotes } from './demo-notes.ts';
import { demoUuid } from './demo-random.ts';
import { sendRehearsalReports } from './demo-reports.ts';
import { addOfficialResults, addQuickCountSample, type PlantedAnomalies } from './demo-results.ts';
import { demoElection } from './demo-territory.ts';

/** Settings key: the rehearsal's election once every part of it is in place. */
export const REHEARSAL_KEY = 'demo_rehearsal';

export interface RehearsalSummary {
  electionId: string;
  votingDate: string;
  /** False when it was there already (nothing changed). */
  created: boolean;
  /** False when a previous seed stopped half-way: `pollwatch demo remove`, then seed again. */
  complete: boolean;
  applicants?: number;
  observers?: number;
  assignments?: number;
  readinessVisits?: number;
  reports?: Record<string, number>;
  photos?: number;
  officialResults?: number;
  planted?: PlantedAnomalies;
  verification?: Record<string, number>;
}

/** The rehearsal election, if the demo has one: the demo election that is not the 2022 one. */
export async function findRehearsal(store: Store) {
  return (await store.elections.list()).find((e) => e.isDemo && e.votingDate !== demoElection.votingDate);
}

/**
 * The living campaign: the rehearsal's people and plan (one transaction), its reports through the
 * ingest pipeline, official results, the quick-count sample, the queue's first decisions. Found
 * complete, it is left as it is.
 */
export async function seedRehearsal(
  store: Store,
  historicalId: string,
  now: () => Date,
  dataDir: string,
): Promise<RehearsalSummary> {
  const existing = await findRehearsal(store);
  if (existing) {
    const marker = (await store.settings.get(REHEARSAL_KEY)) as { electionId?: string } | undefined;
    return {
      electionId: existing.id,
      votingDate: existing.votingDate,
      created: false,
      complete: marker?.electionId === existing.id,
    };
  }
  const at = now();
  const rehearsal = await store.transaction(async (tx) => {
    const r = await createRehearsal(tx, historicalId, at);
    for (const [index, note] of demoReferenceNotes.entries()) {
      await tx.referenceNotes.create(
        { id: demoUuid(`${r.votingDate}:note:${index}`), electionId: r.electionId, position: index + 1, ...note },
        null,
        at,
      );
    }
    return r;
  });
  const reports = await sendRehearsalReports(store, rehearsal, dataDir);
  const finished = await store.transaction(async (tx) => {
    const planted = await addOfficialResults(tx, rehearsal, at);
    await addQuickCountSample(tx, rehearsal);
    const verification = await decideSome(tx, rehearsal, at);
    await audit(
      tx,
      null,
      {
        action: 'demo.seeded',
        entityType: 'election',
        entityId: rehearsal.electionId,
        details: { stations: rehearsal.stations.length, observers: rehearsal.observers.length },
      },
      at,
    );
    // The rehearsal becomes the console's election unless a real one is chosen.
    const elections = new ElectionsService(store, () => at);
    const currentId = await elections.currentId(tx);
    const current = currentId ? await tx.elections.findById(currentId) : undefined;
    if (!current || current.isDemo) await elections.makeCurrent(null, rehearsal.electionId, tx);
    await tx.settings.set(REHEARSAL_KEY, { electionId: rehearsal.electionId }, at);
    return { planted, verification };
  });
  return {
    electionId: rehearsal.electionId,
    votingDate: rehearsal.votingDate,
    created: true,
    complete: true,
    applicants: rehearsal.counts.applicants,
    observers: rehearsal.observers.length,
    assignments: rehearsal.counts.assignments,
    readinessVisits: rehearsal.counts.readinessVisits,
    reports: reports.byKind,
    photos: reports.photos,
    officialResults: rehearsal.stations.length,
    planted: finished.planted,
    verification: finished.verification,
  };
}

/**
 * The verification queue as a morning after looks: the demo coordinators have verified some
 * reports, rejected a couple, asked observers to follow up on a few and hold claims on others.
 */
async function decideSome(tx: Store, r: Rehearsal, at: Date): Promise<Record<string, number>> {
  const queued = await tx.demo.queuedReportIds(r.electionId);
  const [alia, yerlan] = r.coordinators as [string, string];
  const tally = { verified: 0, rejected: 0, follow_up: 0, claimed: 0 };
  const comments: Record<string, string> = {
    verified: 'Сверено с фото (демо).',
    rejected: 'Дубликат другого сообщения (демо).',
    follow_up: 'Уточните, пожалуйста, цифры по фото протокола (демо).',
  };
  for (const [i, reportId] of queued.entries()) {
    const step = i % 6;
    if (i >= 60) break;
    if (step === 0 || step === 3) {
      if (
        await tx.verification.decide(
          reportId,
          { status: 'verified', expectedStatus: 'pending', userId: yerlan, comment: comments.verified as string },
          at,
        )
      )
        tally.verified += 1;
    } else if (step === 1 && tally.follow_up < 5) {
      if (
        await tx.verification.decide(
          reportId,
          { status: 'follow_up', expectedStatus: 'pending', userId: alia, comment: comments.follow_up as string },
          at,
        )
      )
        tally.follow_up += 1;
    } else if (step === 2 && tally.rejected < 2) {
      if (
        await tx.verification.decide(
          reportId,
          { status: 'rejected', expectedStatus: 'pending', userId: yerlan, comment: comments.rejected as string },
          at,
        )
      )
        tally.rejected += 1;
    } else if (step === 4 && tally.claimed < 4) {
      // Claims last into the day the demo is looked at.
      if (await tx.verification.claim(reportId, alia, new Date(at.getTime() + 12 * 3600_000), at)) tally.claimed += 1;
    }
  }
  return tally;
}
