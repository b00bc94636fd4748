import type { ExportFormat, ExportKind, ExportShape, ExportStatus } from './exports-schemas.ts';

/** A finished export's file is kept this long, then deleted (the job row stays, as expired). */
export const EXPORT_KEEP_MS = 24 * 3_600_000;
/** A running job's runner beats this often; a beat older than EXPORT_STALE_MS means it stopped. */
export const EXPORT_HEARTBEAT_MS = 5_000;
export const EXPORT_STALE_MS = 30_000;
/** A job that failed this many times (each restart counts) is not tried again. */
export const EXPORT_MAX_ATTEMPTS = 3;

export const activeExportStatuses: readonly ExportStatus[] = ['queued', 'running'];

export function isActiveExport(status: ExportStatus): boolean {
  return activeExportStatuses.includes(status);
}

/** Which formats each kind is written in. */
export function exportFormatFits(kind: ExportKind, format: ExportFormat): boolean {
  return kind === 'photos' ? format === 'zip' : format === 'csv' || format === 'xlsx';
}

/** `reports-wide-2026-12-07-1a2b3c4d.csv`: what, how and when, no personal data. */
export function exportFileName(job: {
  id: string;
  kind: ExportKind;
  format: ExportFormat;
  shape: ExportShape | null;
  createdAt: string;
}): string {
  const parts: string[] = [job.kind];
  if (job.kind === 'reports' && job.shape) parts.push(job.shape);
  parts.push(job.createdAt.slice(0, 10), job.id.slice(0, 8));
  return `${parts.join('-')}.${job.format}`;
}
