import type { ReportFlag } from '@pollwatch/core';
import type { ReportAcceptedEvent } from './reports-api.ts';

/** The live feed keeps the newest entries only (a busy voting day sends thousands); the list below has more. */
export const FEED_LIMIT = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlag(value: unknown): value is ReportFlag {
  return isObject(value) && typeof value.code === 'string';
}

/** The `data:` of a `report.accepted` event, or null for anything else (a garbled line, a new shape). */
export function parseReportEvent(data: string): ReportAcceptedEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || value.type !== 'report.accepted') return null;
  const { electionId, reportId, revision, stationId, formKind, flags, at } = value;
  if (
    typeof electionId !== 'string' ||
    typeof reportId !== 'string' ||
    typeof revision !== 'number' ||
    typeof stationId !== 'string' ||
    typeof formKind !== 'string' ||
    typeof at !== 'string' ||
    !Array.isArray(flags) ||
    !flags.every(isFlag)
  ) {
    return null;
  }
  return { type: 'report.accepted', electionId, reportId, revision, stationId, formKind, flags, at };
}

export const feedKey = (event: Pick<ReportAcceptedEvent, 'reportId' | 'revision'>) =>
  `${event.reportId}:${event.revision}`;

/**
 * The feed with a new event on top. An event seen already (a reconnect can repeat one) changes
 * nothing; the oldest entries fall off beyond `limit`.
 */
export function prependEvent(
  feed: readonly ReportAcceptedEvent[],
  event: ReportAcceptedEvent,
  limit = FEED_LIMIT,
): ReportAcceptedEvent[] {
  const key = feedKey(event);
  if (feed.some((e) => feedKey(e) === key)) return feed as ReportAcceptedEvent[];
  return [event, ...feed].slice(0, limit);
}
