import { canonicalJson, newReportId, type ReportReceipt } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import type { BatchOutcome, PreparedReport } from './report-batch.ts';
import {
  outcomesOf,
  outcomesText,
  reportsOf,
  WorkerReportWriter,
  type WriterRequest,
  type WriterResponse,
  writerRequest,
} from './report-writer.ts';

function prepared(answers: Record<string, unknown>): PreparedReport {
  const stationId = '6f1f0c1e-5f0e-4d4c-9d43-8c1e1b2f3a4b';
  return {
    observerId: 'b1c2d3e4-0000-4000-8000-000000000001',
    electionId: 'e1c2d3e4-0000-4000-8000-000000000002',
    station: { id: stationId, registeredVoters: 1500, number: 7 },
    body: { id: newReportId(), revision: 1, stationId, formId: 'f1c2d3e4-0000-4000-8000-000000000003', formVersion: 2 },
    answersJson: canonicalJson(answers),
    channel: 'app',
    formKind: 'voting',
    result: { problems: [], flags: [] },
    photos: [],
    insideWindow: true,
    receivedAt: new Date('2026-11-20T06:30:00.123Z'),
  };
}

describe('writer requests', () => {
  it('carry prepared reports to the writer thread and back as they were', () => {
    const reports = [prepared({ remark: 'Всё спокойно "в кавычках"', queue: 3 }), prepared({ visit: [{ a: 1 }] })];
    // What crosses is what structured clone copies: strings and a plain object.
    const request = structuredClone(writerRequest(7, reports));
    expect(request.id).toBe(7);
    expect(request.count).toBe(2);
    expect(request.reports).not.toContain('answersJson');
    const back = reportsOf(request);
    expect(back).toEqual(reports);
    expect(back[0]?.receivedAt).toBeInstanceOf(Date);
  });

  it('carry every field, the optional ones too', () => {
    const full: PreparedReport = {
      ...prepared({ checkpoint_time: '10:00', voters_received: 120 }),
      station: { id: '6f1f0c1e-5f0e-4d4c-9d43-8c1e1b2f3a4b', registeredVoters: null, number: 12 },
      channel: 'sms',
      formKind: 'turnout',
      result: {
        problems: [{ questionId: 'voters_received', code: 'range', severity: 'warning' }],
        flags: [{ code: 'turnout_above_registered' }],
      } as unknown as PreparedReport['result'],
      photos: ['a'.repeat(64), 'b'.repeat(64)],
      insideWindow: false,
    };
    full.body = { ...full.body, revision: 3, clientTime: '2026-11-20T06:29:58.000Z' };
    const back = reportsOf(structuredClone(writerRequest(2, [full])));
    expect(back).toStrictEqual([full]);
  });

  it('carry outcomes back as they were: receipts, announced or not, and refusals', () => {
    const receipt = {
      id: newReportId(),
      revision: 2,
      status: 'accepted' as const,
      flags: [{ code: 'outside_window' }],
      missingPhotos: ['c'.repeat(64)],
      receivedAt: '2026-11-20T06:30:00.123Z',
      chainSeq: 41,
      chainHash: 'd'.repeat(64),
    } as ReportReceipt;
    const outcomes: BatchOutcome[] = [
      { receipt, fresh: true, announced: true },
      { receipt: { ...receipt, flags: [], missingPhotos: [] }, fresh: false },
      {
        refused: {
          code: 'report_conflict',
          message: 'the next revision of this report is 3',
          details: { expected: 3 },
        },
      },
      { refused: { code: 'report_conflict', message: 'this report id is taken' } },
    ];
    expect(outcomesOf(structuredClone(outcomesText(outcomes)))).toStrictEqual(outcomes);
  });

  it('refuse a request whose answers do not match its reports', () => {
    const request = writerRequest(1, [prepared({ a: 1 }), prepared({ b: 2 })]);
    expect(() => reportsOf({ ...request, answers: request.answers.slice(1) })).toThrow(/do not match/);
  });
});

/** A writer whose thread is a fake that records what it is sent; `answer` replies as the thread would. */
function writerWithFakeThread() {
  const writer = new WorkerReportWriter({ sqliteFile: ':fake:' });
  const sent: WriterRequest[] = [];
  const inside = writer as unknown as { started: () => unknown; receive: (r: WriterResponse) => void };
  inside.started = () => ({ postMessage: (m: WriterRequest) => sent.push(m) });
  const answer = (request: WriterRequest) => {
    const receipt = (r: PreparedReport): BatchOutcome => ({
      receipt: {
        id: r.body.id,
        revision: 1,
        status: 'accepted',
        flags: [],
        missingPhotos: [],
        receivedAt: r.receivedAt.toISOString(),
        chainSeq: 1,
        chainHash: 'h',
      },
      fresh: true,
    });
    inside.receive({ id: request.id, outcomes: outcomesText(reportsOf(request).map(receipt)) });
  };
  return { writer, sent, answer };
}

const turnEnd = () => new Promise((resolve) => setImmediate(resolve));

describe('the hand-off to the writer thread (issue 23)', () => {
  it('sends a report to an idle writer at once, not at the end of the turn', () => {
    const { writer, sent } = writerWithFakeThread();
    void writer.write(prepared({ a: 1 }));
    expect(sent.map((m) => m.count)).toEqual([1]);
  });

  it('gathers the reports of a turn while the writer is busy, and sends them when it falls idle', async () => {
    const { writer, sent, answer } = writerWithFakeThread();
    const first = writer.write(prepared({ a: 1 }));
    const more = [writer.write(prepared({ a: 2 })), writer.write(prepared({ a: 3 }))];
    // The writer has the first: the others wait for the end of the turn, together.
    expect(sent.map((m) => m.count)).toEqual([1]);
    await turnEnd();
    expect(sent.map((m) => m.count)).toEqual([1, 2]);
    // Busy again; the answer to both earlier messages leaves it idle: what queued goes at once.
    const later = writer.write(prepared({ a: 4 }));
    answer(sent[0] as WriterRequest);
    expect(sent.map((m) => m.count)).toEqual([1, 2]);
    answer(sent[1] as WriterRequest);
    expect(sent.map((m) => m.count)).toEqual([1, 2, 1]);
    await turnEnd();
    expect(sent).toHaveLength(3);
    answer(sent[2] as WriterRequest);
    const outcomes = await Promise.all([first, ...more, later]);
    expect(outcomes.map((o) => ('receipt' in o ? o.receipt.id : undefined))).toHaveLength(4);
  });
});
