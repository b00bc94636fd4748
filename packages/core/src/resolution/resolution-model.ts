import type { LocalizedText } from '../elections/election.ts';

/**
 * The resolution to the CEC: what it is built from (a snapshot of figures, plain JSON) and what it
 * is built into (a document model the DOCX, PDF and web renderers draw). Building is pure: the same
 * snapshot and texts give the same document, so a frozen resolution rebuilds to the same figures.
 */

export const resolutionKinds = ['preliminary', 'final'] as const;
export type ResolutionKind = (typeof resolutionKinds)[number];

export const resolutionStatuses = ['draft', 'approved'] as const;
export type ResolutionStatus = (typeof resolutionStatuses)[number];

/** The chapters in the order of the electoral process (OSCE/ODIHR's report structure). */
export const resolutionChapters = [
  'legal_framework',
  'election_administration',
  'voter_lists',
  'candidates',
  'campaign',
  'media',
  'complaints',
  'election_day',
  'results',
] as const;
export type ResolutionChapter = (typeof resolutionChapters)[number];

export const recommendationStatuses = ['addressed', 'partly', 'not_addressed'] as const;
export type RecommendationStatus = (typeof recommendationStatuses)[number];

/** A recommendation of this resolution (numbered in order when the document is built). */
export interface RecommendationDraft {
  chapter: ResolutionChapter;
  /** Safe Markdown subset (see safe-markdown.ts). */
  text: string;
}

/** An earlier election's recommendation, as this resolution assesses it. */
export interface RecommendationFollowUp {
  recommendationId: string;
  status: RecommendationStatus;
  /** Safe Markdown subset: what shows it (a law changed, a remark answered…). */
  evidence: string;
}

/** What the HQ writes: per-chapter findings, recommendations, follow-ups and conclusions. */
export interface ResolutionTexts {
  chapters: Partial<Record<ResolutionChapter, string>>;
  recommendations: RecommendationDraft[];
  followUps: RecommendationFollowUp[];
  conclusions: string;
}

export const emptyResolutionTexts = (): ResolutionTexts => ({
  chapters: {},
  recommendations: [],
  followUps: [],
  conclusions: '',
});

/** An earlier recommendation as stored (the record that outlives its election). */
export interface EarlierRecommendation {
  id: string;
  /** "2024-3": the election's voting year and the recommendation's number in its resolution. */
  code: string;
  electionName: LocalizedText;
  chapter: ResolutionChapter;
  text: string;
}

export interface SnapshotCount {
  key: string;
  label: LocalizedText | null;
  count: number;
}

export interface SnapshotArea {
  areaId: string;
  name: LocalizedText;
  stations: number;
  visited: number;
  withProblems: number;
  incidents: number;
}

export interface SnapshotIncidentExample {
  reportId: string;
  stationNumber: number;
  areaName: LocalizedText;
  category: string;
  severity: string;
  /** The observer's description (no names of observers are ever in the snapshot). */
  description: string;
}

export interface SnapshotRemark {
  number: string;
  commission: string;
  stationNumber: number | null;
  text: string;
  legalBasis: string | null;
  status: string;
  answer: string | null;
  answeredOn: string | null;
}

export interface SnapshotDiscrepancy {
  stationNumber: number;
  areaName: LocalizedText;
  /** Votes moved between the observers' copy and the official row (sum of absolute differences). */
  votesMoved: number;
  lines: { line: string; observed: number; official: number }[];
}

export interface SnapshotStation {
  number: number;
  areaName: LocalizedText;
  readinessVisited: boolean;
  readinessProblems: number;
  votingDayReports: number;
  incidents: number;
  protocolCopy: boolean;
  /** Votes moved against the official row; null without both a copy and an official row. */
  votesMoved: number | null;
}

/** Every figure the resolution shows, as of `takenAt`. Plain JSON; canonical JSON is hashed. */
export interface ResolutionSnapshot {
  format: 1;
  takenAt: string;
  chainHead: { seq: number; hash: string } | null;
  /** The organisation's name on its letterhead (settings), as it was when the snapshot was taken. */
  organisationName: string | null;
  election: { id: string; name: LocalizedText; votingDate: string; kind: string };
  /** The campaign dashboard's figures, as the overview shows them. */
  overview: {
    stations: number;
    applicants: number;
    observersReadyApplicants: number;
    observersAssigned: number;
    readinessVisited: number;
    coverage: { shift: string; covered: number }[];
  };
  readiness: {
    visited: number;
    withProblems: number;
    findings: { questionId: string; label: LocalizedText; problem: number }[];
    areas: SnapshotArea[];
  };
  votingDay: {
    stationsWithReports: number;
    byKind: { kind: string; reports: number; stations: number }[];
  };
  incidents: {
    total: number;
    verified: number;
    rejected: number;
    byCategory: SnapshotCount[];
    bySeverity: SnapshotCount[];
    examples: SnapshotIncidentExample[];
  };
  remarks: {
    total: number;
    byStatus: SnapshotCount[];
    items: SnapshotRemark[];
  };
  protocols: {
    copies: number;
    compared: number;
    discrepant: number;
    items: SnapshotDiscrepancy[];
  };
  statistics: {
    stations: number;
    turnoutPercent: number | null;
    leader: string | null;
    leaderPercent: number | null;
    /** integer_percentages, last_digit, shpilkin, protocol_checks: what each test found. */
    tests: { key: string; observed: number | null; expected: number | null; pValue: number | null }[];
  } | null;
  quickCount: {
    sampleStations: number;
    reported: number;
    confidence: number;
    turnout: { estimate: number; margin: number } | null;
    options: { code: string; estimate: number; margin: number }[];
  } | null;
  earlierRecommendations: EarlierRecommendation[];
  annex: SnapshotStation[];
}

// ---- the document model ----

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Run[][] }
  | { type: 'table'; caption: string; columns: string[]; rows: string[][]; numeric: boolean[] }
  /** A figure the document states: key (stable), label and value, as text. */
  | { type: 'figures'; items: { key: string; label: string; value: string }[] };

export interface ResolutionDocument {
  locale: 'ru' | 'kk' | 'en';
  title: string;
  subtitle: string;
  /** "Data as of …; hash-chain head …". */
  provenance: string[];
  blocks: Block[];
  /** The station annex, drawn as one long table on its own pages. */
  annex: { type: 'table'; caption: string; columns: string[]; rows: string[][]; numeric: boolean[] };
  /** Every figure by stable key: what the rebuild test and the version diff compare. */
  figures: Record<string, string>;
}
