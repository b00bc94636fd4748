import { drawStratifiedSample } from '@pollwatch/analytics';
import { addDays } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { REHEARSAL_SEED, REHEARSAL_ZONE, type Rehearsal } from './demo-campaign.ts';
import { DemoRandom } from './demo-random.ts';
import { protocolAnswers, stationStory } from './demo-story.ts';
import { demoBallotOptions } from './demo-territory.ts';
import { instantAt } from './demo-time.ts';

export interface PlantedAnomalies {
  /** Observed stations whose official row moves votes to the leader (the comparison finds them). */
  moved: number[];
  /** Unobserved stations with round turnout and leader share (integer percentages). */
  rounded: number[];
  /** Unobserved stations stuffed to 96–98% turnout. */
  stuffed: number[];
}

/**
 * Synthetic official results of the rehearsal: every station's protocol as the observers' copies
 * have it, with a few planted anomalies the analysis should find.
 */
export async function addOfficialResults(store: Store, r: Rehearsal, now: Date): Promise<PlantedAnomalies> {
  const random = new DemoRandom(REHEARSAL_SEED + 2);
  const observed = new Set(r.observers.map((o) => o.stationId).filter(Boolean));
  const planted: PlantedAnomalies = { moved: [], rounded: [], stuffed: [] };
  const rows: { stationId: string; lines: Record<string, number> }[] = [];
  const unobservedBig = r.stations.filter((s) => !observed.has(s.id) && s.registeredVoters >= 1300);
  const rounded = new Set(
    unobservedBig
      .filter((_, i) => i % 5 === 0)
      .slice(0, 6)
      .map((s) => s.id),
  );
  const stuffed = new Set(
    unobservedBig
      .filter((_, i) => i % 5 === 2)
      .slice(0, 4)
      .map((s) => s.id),
  );
  for (const station of r.stations) {
    const story = stationStory(station, REHEARSAL_SEED);
    const lines = protocolAnswers({ ...story, relationError: false });
    if (rounded.has(station.id) || stuffed.has(station.id)) {
      const isRounded = rounded.has(station.id);
      const turnout = isRounded ? random.pick([80, 85, 90]) : random.pick([96, 97, 98]);
      const share = isRounded ? random.pick([75, 80, 85, 90]) : random.pick([96, 97]);
      const issued = Math.round((turnout * story.registered) / 100);
      const invalid = Math.floor(issued / 200);
      const leader = Math.round((share * issued) / 100);
      let rest = issued - invalid - leader;
      lines.voters_received_ballots = issued;
      lines.ballots_cancelled = story.received - issued;
      lines.voters_took_part = issued;
      lines.invalid_ballots = invalid;
      for (const o of demoBallotOptions) {
        if (o.code === 'tokayev') lines.option_tokayev = leader;
        else {
          const n = o.code === 'against_all' ? rest : Math.floor(rest / 3);
          lines[`option_${o.code}`] = n;
          rest -= n;
        }
      }
      (isRounded ? planted.rounded : planted.stuffed).push(station.number);
    } else if (observed.has(station.id) && station.number % 37 === 11) {
      // The commission's tally moved votes to the leader after the observer's copy was signed.
      const moved = Math.min(lines.option_against_all ?? 0, 60 + random.int(90));
      lines.option_tokayev = (lines.option_tokayev ?? 0) + moved;
      lines.option_against_all = (lines.option_against_all ?? 0) - moved;
      planted.moved.push(station.number);
    }
    rows.push({ stationId: station.id, lines });
  }
  await store.results.upsertMany(r.electionId, rows, now);
  return planted;
}

/** The quick-count sample, drawn (with a recorded seed) two days before voting day. */
export async function addQuickCountSample(store: Store, r: Rehearsal): Promise<number> {
  const sample = drawStratifiedSample(
    r.stations.map((s) => ({ stationKey: s.id, stratum: s.regionId })),
    { size: 60, seed: 'demo-rehearsal' },
  );
  const drawnAt = instantAt(addDays(r.votingDate, -2), '18:00', REHEARSAL_ZONE);
  await store.settings.set(
    `quick_count:${r.electionId}`,
    {
      ...sample,
      drawnAt: drawnAt.toISOString(),
      drawnBy: r.coordinators[0],
      params: { marginPoints: null, confidence: null, votersNeeded: null },
    },
    drawnAt,
  );
  return sample.stations.length;
}
