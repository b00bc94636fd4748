import { describe, expect, it } from 'vitest';
import { assignmentWarnings, canOverrideAssignment } from './assignment-warnings.ts';

const station = { areaPath: ['district', 'region', 'country'] };
const fits = { areaIds: ['region'], applicantStatus: null, electionIds: [] };

describe('assignmentWarnings', () => {
  it('says nothing of a certified observer of the station’s area (or of any area) in this election', () => {
    expect(assignmentWarnings({ electionId: 'e', observer: fits, station })).toEqual([]);
    expect(assignmentWarnings({ electionId: 'e', observer: { ...fits, areaIds: [] }, station })).toEqual([]);
    expect(
      assignmentWarnings({
        electionId: 'e',
        observer: { ...fits, applicantStatus: 'accredited', electionIds: ['old', 'e'] },
        station,
      }),
    ).toEqual([]);
    // An applicant record naming no election ties the observer to none.
    expect(assignmentWarnings({ electionId: 'e', observer: { ...fits, electionIds: [null] }, station })).toEqual([]);
  });

  it('warns of another area and of a missing certification, which the coordinator may override', () => {
    const codes = assignmentWarnings({
      electionId: 'e',
      observer: { areaIds: ['elsewhere'], applicantStatus: 'in_training', electionIds: ['e'] },
      station,
    });
    expect(codes).toEqual(['outside_station_area', 'not_certified']);
    expect(canOverrideAssignment(codes)).toBe(true);
  });

  it('never lets an observer of another election through', () => {
    const codes = assignmentWarnings({ electionId: 'e', observer: { ...fits, electionIds: ['other'] }, station });
    expect(codes).toEqual(['other_election']);
    expect(canOverrideAssignment(codes)).toBe(false);
  });
});
