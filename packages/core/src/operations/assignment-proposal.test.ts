import { describe, expect, it } from 'vitest';
import {
  availableFor,
  isCertified,
  type ProposalObserver,
  type ProposalStation,
  proposalConflicts,
  proposeAssignments,
  signedUpElsewhere,
} from './assignment-proposal.ts';

// Territory: region R with districts D1 and D2; region Q.
const st = (id: string, area: 'D1' | 'D2' | 'Q', extra: Partial<ProposalStation> = {}): ProposalStation => ({
  id,
  areaPath: area === 'Q' ? ['Q'] : [area, 'R'],
  inSample: false,
  assigned: 0,
  ...extra,
});
const obs = (id: string, areaIds: string[], extra: Partial<ProposalObserver> = {}): ProposalObserver => ({
  id,
  areaIds,
  available: true,
  certified: true,
  booked: false,
  ...extra,
});

describe('proposeAssignments', () => {
  it('maximises covered stations: the observer who fits one station only gets it', () => {
    // o1 fits all of region R; o2 fits D1 only. Greedy by name would send o1 to s1 and leave s2 empty.
    const proposal = proposeAssignments({
      stations: [st('s1', 'D1'), st('s2', 'D2')],
      observers: [obs('o1', ['R']), obs('o2', ['D1'])],
      cap: 1,
    });
    expect(proposal.rows).toEqual(
      expect.arrayContaining([
        { observerId: 'o2', stationId: 's1' },
        { observerId: 'o1', stationId: 's2' },
      ]),
    );
    expect(proposal.rows).toHaveLength(2);
    expect(proposal).toMatchObject({ uncoveredBefore: 2, uncoveredAfter: 0 });
  });

  it('respects the observer area, availability, certification and existing bookings', () => {
    const proposal = proposeAssignments({
      stations: [st('s1', 'D1'), st('s2', 'Q')],
      observers: [
        obs('inR', ['R']),
        obs('busy', ['Q'], { booked: true }),
        obs('away', ['Q'], { available: false }),
        obs('trainee', ['Q'], { certified: false }),
      ],
      cap: 1,
    });
    expect(proposal.rows).toEqual([{ observerId: 'inR', stationId: 's1' }]);
    expect(proposal.skipped).toEqual({ booked: 1, unavailable: 1, uncertified: 1, otherElection: 0 });
    expect(proposal.uncoveredAfter).toBe(1);
  });

  it('never proposes an observer who signed up for another election, however well they fit', () => {
    const proposal = proposeAssignments({
      stations: [st('s1', 'Q')],
      observers: [obs('elsewhere', ['Q'], { otherElection: true })],
      cap: 1,
    });
    expect(proposal.rows).toEqual([]);
    expect(proposal.skipped).toEqual({ booked: 0, unavailable: 0, uncertified: 0, otherElection: 1 });
    expect(proposal.alternatives).toEqual({});
  });

  it('reads another election from the applicant records: one naming this election or none fits', () => {
    expect(signedUpElsewhere(['e2'], 'e1')).toBe(true);
    expect(signedUpElsewhere(['e2', 'e1'], 'e1')).toBe(false);
    expect(signedUpElsewhere([null], 'e1')).toBe(false);
    expect(signedUpElsewhere([], 'e1')).toBe(false);
  });

  it('never books an observer twice and fills empty stations before a second observer', () => {
    const proposal = proposeAssignments({
      stations: [st('s1', 'D1', { assigned: 1 }), st('s2', 'D1'), st('s3', 'D1')],
      observers: [obs('a', ['D1']), obs('b', ['D1']), obs('c', ['D1'])],
      cap: 2,
    });
    const observers = proposal.rows.map((r) => r.observerId);
    expect(new Set(observers).size).toBe(observers.length);
    expect(proposal.rows).toHaveLength(3);
    // s2 and s3 (empty) each get one before s1 gets its second.
    const at = (s: string) => proposal.rows.filter((r) => r.stationId === s).length;
    expect([at('s1'), at('s2'), at('s3')]).toEqual([1, 1, 1]);
  });

  it('keeps each station at or below the cap', () => {
    const proposal = proposeAssignments({
      stations: [st('s1', 'D1', { assigned: 1 })],
      observers: [obs('a', ['D1']), obs('b', ['D1'])],
      cap: 1,
    });
    expect(proposal.rows).toEqual([]);
    const two = proposeAssignments({
      stations: [st('s1', 'D1')],
      observers: [obs('a', ['D1']), obs('b', ['D1']), obs('c', ['D1'])],
      cap: 2,
    });
    expect(two.rows).toHaveLength(2);
    expect(two.alternatives.s1).toHaveLength(1);
  });

  it('prefers stations in the quick-count sample when observers are short', () => {
    const proposal = proposeAssignments({
      stations: [st('s1', 'D1'), st('s2', 'D1', { inSample: true }), st('s3', 'D1')],
      observers: [obs('a', ['D1'])],
      cap: 1,
    });
    expect(proposal.rows).toEqual([{ observerId: 'a', stationId: 's2' }]);
    expect(proposal).toMatchObject({ sampleUncovered: 1, sampleCovered: 1, uncoveredAfter: 2 });
  });

  it('an observer in no area may go anywhere', () => {
    const proposal = proposeAssignments({ stations: [st('s1', 'Q')], observers: [obs('free', [])], cap: 1 });
    expect(proposal.rows).toEqual([{ observerId: 'free', stationId: 's1' }]);
  });
});

describe('availability and certification', () => {
  it('maps the sign-up answers onto shifts', () => {
    expect(availableFor('readiness', ['pre_election'])).toBe(true);
    expect(availableFor('readiness', ['election_day'])).toBe(false);
    expect(availableFor('opening', ['election_day'])).toBe(true);
    expect(availableFor('counting', ['election_day'])).toBe(false);
    expect(availableFor('counting', null)).toBe(true);
    expect(isCertified('in_training')).toBe(false);
    expect(isCertified('accredited')).toBe(true);
    expect(isCertified(null)).toBe(true);
  });
});

describe('proposalConflicts', () => {
  const station = st('s1', 'D1');
  const fits = { areaIds: ['D1'], certified: true, bookedAt: [] as string[] };
  it('names each row problem', () => {
    const conflicts = proposalConflicts(
      [
        { observerId: 'a', stationId: 's1', observer: fits, station },
        { observerId: 'a', stationId: 's1', observer: fits, station },
        { observerId: 'b', stationId: 's1', observer: { ...fits, areaIds: ['Q'], certified: false }, station },
        { observerId: 'c', stationId: 's1', observer: { ...fits, bookedAt: ['s9'] }, station },
        { observerId: 'd', stationId: 's1', observer: { ...fits, bookedAt: ['s1'] }, station },
        { observerId: 'e', stationId: 's2', observer: { ...fits, otherElection: true }, station: st('s2', 'D1') },
      ],
      3,
    );
    expect(conflicts).toEqual([
      [],
      ['double_booked'],
      ['outside_station_area', 'not_certified'],
      ['double_booked', 'over_cap'],
      ['already_assigned'],
      ['other_election'],
    ]);
  });
});
