import type {
  LineDifference,
  QuickCountResult,
  ResultsAnalysis,
  StratifiedSample,
  VerdictLine,
} from '@pollwatch/analytics';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** `GET /elections/:id/results/analysis`: null until official results are imported. */
export interface ResultsAnalysisResponse {
  stations: number;
  analysis: ResultsAnalysis | null;
}

export interface ComparisonItem {
  stationId: string;
  stationNumber: number;
  reportId: string;
  votesMoved: number;
  votesGained: number;
  votesLost: number;
  totalAbsoluteDifference: number;
  differences: LineDifference[];
}

export interface ComparisonResponse {
  compared: number;
  items: ComparisonItem[];
}

export interface QuickCountSampleBody {
  /** Margin of error in percentage points. */
  marginPoints?: number;
  confidence?: 95 | 99;
  /** Or the sample size in stations, chosen by hand. */
  stations?: number;
  seed?: string;
}

/** The sample as the server stores it: the analytics' sample with when and how it was drawn. */
export interface QuickCountSample extends StratifiedSample {
  drawnAt: string;
  params: { marginPoints: number | null; confidence: number | null; votersNeeded: number | null };
}

export interface QuickCountState {
  sample: QuickCountSample | null;
  estimate: QuickCountResult | null;
  verdict: { turnout: VerdictLine | null; options: Record<string, VerdictLine> } | null;
}

/** Typed calls of the official results, comparison and quick-count routes of /api/v1. */
export const resultsApi = {
  analysis: (electionId: string) =>
    apiRequest<ResultsAnalysisResponse>('GET', `/api/v1/elections/${id(electionId)}/results/analysis`),
  comparison: (electionId: string) =>
    apiRequest<ComparisonResponse>('GET', `/api/v1/elections/${id(electionId)}/results/comparison`),
  quickCount: (electionId: string) =>
    apiRequest<QuickCountState>('GET', `/api/v1/elections/${id(electionId)}/quick-count`),
  drawSample: (electionId: string, body: QuickCountSampleBody) =>
    apiRequest<QuickCountState>('POST', `/api/v1/elections/${id(electionId)}/quick-count/sample`, body),
};

/** A plain same-origin download that carries the session cookie. */
export const comparisonExportUrl = (electionId: string) =>
  `/api/v1/elections/${id(electionId)}/results/comparison/export`;

export const resultsKeys = {
  analysis: (electionId: string) => ['results', 'analysis', electionId] as const,
  comparison: (electionId: string) => ['results', 'comparison', electionId] as const,
  quickCount: (electionId: string) => ['results', 'quick-count', electionId] as const,
  all: ['results'] as const,
};

/** The analysis takes a few seconds on a whole country: keep it a while, never refetch on focus. */
export function useResultsAnalysis(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.analysis(electionId),
    queryFn: () => resultsApi.analysis(electionId),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

export function useComparison(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.comparison(electionId),
    queryFn: () => resultsApi.comparison(electionId),
    staleTime: 60_000,
  });
}

/** The estimate grows as sampled protocol copies arrive: refreshed every half minute. */
export function useQuickCount(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.quickCount(electionId),
    queryFn: () => resultsApi.quickCount(electionId),
    refetchInterval: 30_000,
  });
}

export function useDrawSample(electionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuickCountSampleBody) => resultsApi.drawSample(electionId, body),
    onSuccess: (state) => client.setQueryData(resultsKeys.quickCount(electionId), state),
  });
}

/** After an official results import: the analysis and comparison are out of date. */
export function useInvalidateResults() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: resultsKeys.all });
}
