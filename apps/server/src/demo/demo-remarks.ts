import { randomUUID } from 'node:crypto';
import { NATIONAL_SCOPE, type RemarkStatus } from '@pollwatch/core';
import type { NewRemark, RemarkPatch, Store } from '@pollwatch/db';
import { audit } from '../auth/actor.ts';
import { localDay } from '../operations/local-day.ts';

const day = (from: string, offset: number) => {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/**
 * The demo's remarks register (issue 18): "no ramp" from the readiness visits, one remark per
 * territorial commission (the bulk creation), and remarks to precinct commissions from a few
 * incidents, taken along every status — a draft, sent and waiting, one overdue, acknowledged,
 * resolved and not resolved with the commission's answer, one never answered. Runs once per
 * election: a second run changes nothing.
 */
export async function addDemoRemarks(store: Store, electionId: string, now: () => Date): Promise<number> {
  if ((await store.remarks.countByStatus(electionId, NATIONAL_SCOPE, '0000-01-01')).total > 0) return 0;
  const election = await store.elections.findById(electionId);
  if (!election) return 0;
  const at = now();
  const today = localDay(at, election.timeZone).date;
  const noRamp = await store.remarks.stationsWithFinding(electionId, NATIONAL_SCOPE, {
    questionId: 'accessible',
    value: false,
  });
  const incidents = (await store.reports.latestAnswersOfKind(electionId, 'incident'))
    .sort((a, b) => a.reportId.localeCompare(b.reportId))
    .slice(0, 6);
  const revisions = new Map<string, number>();
  for (const i of incidents) {
    revisions.set(i.reportId, (await store.reports.findReport(i.reportId))?.latestRevision ?? 1);
  }
  const stationAreas = new Map<string, string>();
  for (const i of incidents) {
    const station = await store.stations.findById(i.stationId);
    if (station) stationAreas.set(i.stationId, station.areaId);
  }

  const batchId = randomUUID();
  const byArea = new Map<string, typeof noRamp>();
  for (const s of noRamp) byArea.set(s.areaId, [...(byArea.get(s.areaId) ?? []), s]);
  const remarks: NewRemark[] = [
    ...[...byArea.entries()].map(([areaId, stations]) => ({
      id: randomUUID(),
      electionId,
      commissionLevel: 'territorial' as const,
      areaId,
      stationId: null,
      origin: 'readiness' as const,
      title: 'Нет пандуса у входа',
      body: 'Наблюдатели при проверке готовности не нашли пандуса у входа на участки ниже: маломобильные избиратели не могут войти сами. Просим обеспечить доступ до дня голосования (демо).',
      legalBasis: 'п. 3 ст. 41 Конституционного закона «О выборах в Республике Казахстан»',
      batchId,
      evidence: stations.map((s) => ({
        stationId: s.stationId,
        reportId: s.reportId,
        revision: s.revision,
        questionId: 'accessible',
      })),
    })),
    ...incidents.flatMap((i) => {
      const areaId = stationAreas.get(i.stationId);
      if (!areaId) return [];
      return [
        {
          id: randomUUID(),
          electionId,
          commissionLevel: 'precinct' as const,
          areaId,
          stationId: i.stationId,
          origin: 'incident' as const,
          title: 'Нарушение на участке',
          body: `Наблюдатель сообщил: ${String(i.answers.description ?? 'нарушение порядка голосования')} (демо).`,
          legalBasis: null,
          batchId: null,
          evidence: [
            {
              stationId: i.stationId,
              reportId: i.reportId,
              revision: revisions.get(i.reportId) ?? 1,
              questionId: null,
            },
          ],
        },
      ];
    }),
  ];
  if (remarks.length === 0) return 0;

  // Their paths: most territorial ones sent a week ago (some overdue), incidents spread over every status.
  const paths: { status: RemarkStatus; patch: RemarkPatch }[] = [
    { status: 'sent', patch: { status: 'sent', sentOn: day(today, -8), sentVia: 'post' } },
    {
      status: 'resolved',
      patch: {
        status: 'resolved',
        sentOn: day(today, -9),
        sentVia: 'email',
        acknowledgedOn: day(today, -8),
        answer: 'Временный пандус установлен, вход для маломобильных избирателей обеспечен (демо).',
        answeredOn: day(today, -5),
        closedOn: day(today, -5),
      },
    },
    {
      status: 'acknowledged',
      patch: { status: 'acknowledged', sentOn: day(today, -3), sentVia: 'in_person', acknowledgedOn: day(today, -2) },
    },
    {
      status: 'not_resolved',
      patch: {
        status: 'not_resolved',
        sentOn: day(today, -10),
        sentVia: 'post',
        answer: 'Комиссия сочла нарушение несущественным (демо).',
        answeredOn: day(today, -6),
        closedOn: day(today, -6),
      },
    },
    {
      status: 'no_answer',
      patch: { status: 'no_answer', sentOn: day(today, -20), sentVia: 'post', closedOn: day(today, -1) },
    },
    { status: 'sent', patch: { status: 'sent', sentOn: day(today, -1), sentVia: 'email' } },
    { status: 'draft', patch: {} },
  ];
  await store.transaction(async (tx) => {
    await tx.remarks.create(remarks, null, at);
    for (const [index, r] of remarks.entries()) {
      const path = paths[index % paths.length] as (typeof paths)[number];
      if (path.status !== 'draft') await tx.remarks.update(r.id, 'draft', path.patch, at);
    }
    await audit(
      tx,
      null,
      {
        action: 'demo.seeded',
        entityType: 'election',
        entityId: electionId,
        details: { remarks: remarks.length, batchId },
      },
      at,
    );
  });
  return remarks.length;
}
