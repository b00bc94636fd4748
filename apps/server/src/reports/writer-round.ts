import type { Store } from '@pollwatch/db';
import { applyPhotoWrites, applyPhotoWritesIn, type PhotoWrite, type PhotoWriteOutcome } from './photo-writes.ts';
import { type Announce, type BatchOutcome, type PreparedReport, writeReportBatch } from './report-batch.ts';

/** What one turn of the report writer's loop takes: the photo row changes and the group of reports that queued up. */
export interface WriterRound {
  photos: readonly PhotoWrite[];
  reports: readonly PreparedReport[];
}

/** Each photo change's outcome or its error, in order; the group's outcomes, or the error that failed it. */
export interface RoundOutcome {
  photos: (PhotoWriteOutcome | Error)[];
  reports: BatchOutcome[] | Error;
}

/**
 * Writes a round in one transaction, the photo changes first (a report's receipt sees the photos
 * finished before it, as when they committed first): one commit — on SQLite one flush to disk —
 * instead of two (issue 23: in the kz protocol window ~8,300 of the writer's ~13,200 commits were
 * photo rows alone, at ~1.4 ms each). Nothing of it is settled before that commit.
 *
 * A failing change must not fail the others: on any error the round is written again apart, as
 * two rounds in turn would have been — the photos in a transaction of their own (each alone if
 * that fails), then the reports in theirs. The quota checks run in the same order either way.
 * Reports that `join` once the chain's head is taken are part of the round from then on, apart too.
 */
export async function writeRound(
  store: Store,
  round: WriterRound,
  announce?: Announce,
  join?: () => readonly PreparedReport[],
): Promise<RoundOutcome> {
  // The round's reports with those that join it (`WriteOptions.join`): written apart below too.
  const all = [...round.reports];
  const joining = join
    ? () => {
        const late = join();
        all.push(...late);
        return late;
      }
    : undefined;
  if (round.photos.length > 0 && round.reports.length > 0) {
    let photos: PhotoWriteOutcome[] = [];
    try {
      const reports = await writeReportBatch(store, round.reports, announce, {
        first: async (tx) => {
          photos = await applyPhotoWritesIn(tx, round.photos);
        },
        ...(joining ? { join: joining } : {}),
      });
      return { photos, reports };
    } catch {
      // Rolled back whole: apart below, where the error falls on what caused it.
    }
  }
  const photos = await writePhotosApart(store, round.photos);
  let reports: BatchOutcome[] | Error = [];
  if (all.length > 0) {
    try {
      reports = await writeReportBatch(
        store,
        all,
        announce,
        joining && all.length === round.reports.length ? { join: joining } : {},
      );
    } catch (error) {
      reports = asError(error);
    }
  }
  return { photos, reports };
}

/** Photo changes in one transaction; if it fails, each in one of its own. */
async function writePhotosApart(store: Store, writes: readonly PhotoWrite[]): Promise<(PhotoWriteOutcome | Error)[]> {
  if (writes.length === 0) return [];
  try {
    return await applyPhotoWrites(store, writes);
  } catch (error) {
    if (writes.length === 1) return [asError(error)];
  }
  const outcomes: (PhotoWriteOutcome | Error)[] = [];
  for (const write of writes) outcomes.push(...(await writePhotosApart(store, [write])));
  return outcomes;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
