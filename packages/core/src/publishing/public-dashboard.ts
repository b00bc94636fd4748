import type { LocalizedText } from '../elections/election.ts';

/**
 * The public dashboard of an election (issue 19): aggregates only, never a person or a station.
 *
 * Small counts single people out: one incident in a village district points at the one observer
 * there. Every count broken down by area or by category is therefore published only when it is at
 * least SUPPRESSION_THRESHOLD, and shown as "fewer than 5" otherwise (null in the API); a share is
 * published only when its base is at least the threshold. National totals are published as they are.
 */
export const SUPPRESSION_THRESHOLD = 5;

/** A count safe to publish, or null when it is below the threshold (but above zero). */
export function suppressed(count: number): number | null {
  return count === 0 || count >= SUPPRESSION_THRESHOLD ? count : null;
}

/** A share in per cent (one decimal) of a base that is large enough, else null. */
export function safeShare(part: number, base: number): number | null {
  if (base < SUPPRESSION_THRESHOLD) return null;
  return Math.round((part / base) * 1000) / 10;
}

export interface PublicAreaCoverage {
  areaId: string;
  name: LocalizedText;
  stations: number;
  /** Stations with an observer's voting-day report. */
  covered: number;
  share: number | null;
  /** Verified incidents in the area (null: fewer than the threshold). */
  incidents: number | null;
}

export interface PublicDashboard {
  slug: string;
  election: { name: LocalizedText; votingDate: string; timeZone: string };
  updatedAt: Date;
  readiness: { stations: number; visited: number; share: number | null; withFindings: number | null };
  votingDay: { stations: number; covered: number; share: number | null; reports: number };
  incidents: {
    verified: number;
    byCategory: { category: string; label: LocalizedText; count: number | null }[];
  };
  areas: PublicAreaCoverage[];
  /** The last checkpoint where enough stations have both figures: voters counted by each side. */
  turnout: { checkpoint: string; stations: number; observedVoters: number; officialVoters: number } | null;
  quickCount: {
    options: { label: LocalizedText; share: number; low: number; high: number }[];
    stations: number;
  } | null;
  remarks: { outcome: string; count: number | null }[] | null;
  resolution: { href: string } | null;
}

/** What the console shows of each election's public dashboard switch. */
export interface PublicDashboardState {
  electionId: string;
  slug: string | null;
  published: boolean;
  quickCountPublished: boolean;
  resolutionPublished: boolean;
  updatedAt: Date | null;
}
