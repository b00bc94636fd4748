/** What an observer is sent to do at a station. */
export const assignmentShifts = ['readiness', 'voting_day', 'opening', 'counting'] as const;
export type AssignmentShift = (typeof assignmentShifts)[number];

export interface Assignment {
  id: string;
  electionId: string;
  observerId: string;
  stationId: string;
  shift: AssignmentShift;
  createdAt: Date;
}
