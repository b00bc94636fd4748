import { describe, expect, it } from 'vitest';
import {
  canTransitionRemark,
  commissionLevelOfArea,
  groupStationsByCommission,
  isRemarkOverdue,
  overdueSentOnOrBefore,
  planRemarkTransition,
  remarkAnswerDue,
  remarkStatuses,
} from './remark.ts';

describe('remark rules', () => {
  it('allows draft → sent → acknowledged → an outcome, an outcome straight from sent, and nothing after an outcome', () => {
    const allowed = remarkStatuses.flatMap((from) =>
      remarkStatuses.filter((to) => canTransitionRemark(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed).toEqual([
      'draft>sent',
      'sent>acknowledged',
      'sent>resolved',
      'sent>not_resolved',
      'sent>no_answer',
      'acknowledged>resolved',
      'acknowledged>not_resolved',
      'acknowledged>no_answer',
    ]);
  });

  it('plans each change with its dates, and refuses a missing delivery, a future date or one before sending', () => {
    const draft = { status: 'draft' as const, sentOn: null };
    expect(planRemarkTransition(draft, { to: 'sent', via: 'post' }, '2026-12-07')).toEqual({
      status: 'sent',
      sentOn: '2026-12-07',
      sentVia: 'post',
    });
    expect(planRemarkTransition(draft, { to: 'sent' }, '2026-12-07')).toBe('validation_failed');
    expect(planRemarkTransition(draft, { to: 'sent', via: 'post', on: '2026-12-08' }, '2026-12-07')).toBe(
      'validation_failed',
    );
    expect(planRemarkTransition(draft, { to: 'resolved' }, '2026-12-07')).toBe('status_transition_invalid');
    const sent = { status: 'sent' as const, sentOn: '2026-12-01' };
    expect(planRemarkTransition(sent, { to: 'acknowledged', on: '2026-11-30' }, '2026-12-07')).toBe(
      'validation_failed',
    );
    expect(
      planRemarkTransition(sent, { to: 'resolved', answer: '  Устранено  ', on: '2026-12-05' }, '2026-12-07'),
    ).toEqual({ status: 'resolved', closedOn: '2026-12-05', answer: 'Устранено', answeredOn: '2026-12-05' });
    expect(planRemarkTransition(sent, { to: 'no_answer', answer: 'x' }, '2026-12-07')).toBe('validation_failed');
    expect(planRemarkTransition(sent, { to: 'sent', via: 'post' }, '2026-12-07')).toBe('status_transition_invalid');
  });

  it('counts a remark overdue the day after its answer was due, never once answered or closed', () => {
    expect(remarkAnswerDue('2026-12-01', 5)).toBe('2026-12-06');
    expect(overdueSentOnOrBefore('2026-12-07', 5)).toBe('2026-12-01');
    const sent = { status: 'sent' as const, sentOn: '2026-12-01', answeredOn: null };
    expect(isRemarkOverdue(sent, '2026-12-06', 5)).toBe(false);
    expect(isRemarkOverdue(sent, '2026-12-07', 5)).toBe(true);
    expect(isRemarkOverdue({ ...sent, answeredOn: '2026-12-03' }, '2026-12-07', 5)).toBe(false);
    expect(isRemarkOverdue({ ...sent, status: 'no_answer' }, '2026-12-07', 5)).toBe(false);
  });

  it('groups stations by their commission once each, and names the root commission the CEC', () => {
    const stations = [
      { stationId: 's1', areaId: 'a' },
      { stationId: 's2', areaId: 'b' },
      { stationId: 's3', areaId: 'a' },
      { stationId: 's1', areaId: 'a' },
    ];
    const groups = groupStationsByCommission(stations, (s) => s.areaId);
    expect([...groups.entries()].map(([k, v]) => [k, v.map((s) => s.stationId)])).toEqual([
      ['a', ['s1', 's3']],
      ['b', ['s2']],
    ]);
    expect(commissionLevelOfArea({ parentId: null, level: 'region' })).toBe('central');
    expect(commissionLevelOfArea({ parentId: 'x', level: 'district' })).toBe('territorial');
  });
});
