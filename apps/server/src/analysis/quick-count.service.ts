import { randomBytes } from 'node:crypto';
import {
  drawStratifiedSample,
  estimateQuickCount,
  type QuickCountReport,
  quickCountConvergence,
  quickCountSampleSize,
  quickCountVerdict,
  type StratifiedSample,
} from '@pollwatch/analytics';
import { DomainError, localDateTime } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';

export interface QuickCountSampleBody {
  /** Margin of error in percentage points, e.g. 0.5 for ±0.5. */
  marginPoints?: number;
  confidence?: 95 | 99;
  /** Or a sample size in stations, chosen by hand. */
  stations?: number;
  /** Recorded with the sample; a random one is made when absent. */
  seed?: string;
}

interface StoredSample extends StratifiedSample {
  drawnAt: string;
  drawnBy: string;
  params: { marginPoints: number | null; confidence: number | null; votersNeeded: number | null };
}

const settingKey = (electionId: string) => `quick_count:${electionId}`;
const Z = { 95: 1.96, 99: 2.58 } as const;

/**
 * The quick count (parallel vote tabulation): a stratified random sample of stations by region,
 * drawn with a recorded seed before voting day; on voting day a ratio estimate of every option's
 * share and of turnout from the sampled stations' protocol copies, with margins at 95% and 99%,
 * and the official result beside it once imported.
 */
export class QuickCountService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async draw(actor: Actor, electionId: string, body: QuickCountSampleBody) {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    if (localDateTime(this.now(), election.timeZone).date >= election.votingDate) {
      // A sample drawn once counting has begun could be chosen to fit the result.
      throw new DomainError('conflict', 'the sample must be drawn before voting day');
    }
    const stations = await this.store.stations.listAll(electionId);
    if (stations.length === 0) throw new DomainError('conflict', 'the election has no stations');
    let size = body.stations;
    let votersNeeded: number | null = null;
    if (size === undefined) {
      const registered = stations.reduce((a, s) => a + (s.registeredVoters ?? 0), 0);
      const withVoters = stations.filter((s) => (s.registeredVoters ?? 0) > 0).length;
      if (registered === 0 || withVoters === 0) {
        throw new DomainError('validation_failed', 'registered voters are needed to size the sample', [
          { in: 'body', path: '/stations', keyword: 'required' },
        ]);
      }
      const computed = quickCountSampleSize({
        population: registered,
        marginOfError: (body.marginPoints ?? 1) / 100,
        z: Z[body.confidence ?? 95],
        votersPerStation: registered / withVoters,
      });
      votersNeeded = computed.voters;
      size = computed.stations ?? 0;
    }
    const sample = drawStratifiedSample(
      stations.map((s) => ({ stationKey: s.id, stratum: s.regionId })),
      { size: Math.min(size, stations.length), seed: body.seed ?? randomBytes(16).toString('hex') },
    );
    const stored: StoredSample = {
      ...sample,
      drawnAt: this.now().toISOString(),
      drawnBy: actor.user.id,
      params: { marginPoints: body.marginPoints ?? null, confidence: body.confidence ?? null, votersNeeded },
    };
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await tx.settings.set(settingKey(electionId), stored, now);
      await audit(
        tx,
        actor,
        {
          action: 'quick_count.sample_drawn',
          entityType: 'election',
          entityId: electionId,
          details: { seed: sample.seed, size: sample.size },
        },
        now,
      );
    });
    return this.state(electionId);
  }

  /** The NDI sample size over the election's stations, without drawing anything. */
  async sampleSize(electionId: string, query: { marginPoints: number; confidence?: 95 | 99 | undefined }) {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    const stations = await this.store.stations.listAll(electionId);
    const registered = stations.reduce((a, s) => a + (s.registeredVoters ?? 0), 0);
    const withVoters = stations.filter((s) => (s.registeredVoters ?? 0) > 0).length;
    if (registered === 0 || withVoters === 0) {
      return {
        registered,
        stations: stations.length,
        votersPerStation: null,
        votersNeeded: null,
        stationsNeeded: null,
      };
    }
    const votersPerStation = registered / withVoters;
    const computed = quickCountSampleSize({
      population: registered,
      marginOfError: query.marginPoints / 100,
      z: Z[query.confidence ?? 95],
      votersPerStation,
    });
    return {
      registered,
      stations: stations.length,
      votersPerStation,
      votersNeeded: computed.voters,
      stationsNeeded: computed.stations === null ? null : Math.min(computed.stations, stations.length),
    };
  }

  async state(electionId: string) {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    const sample = (await this.store.settings.get(settingKey(electionId))) as StoredSample | undefined;
    if (!sample) return { sample: null, estimate: null, verdict: null, convergence: [] };
    const sampled = new Set(sample.stations.map((s) => s.stationKey));
    const strata = Object.fromEntries(Object.entries(sample.allocation).map(([k, v]) => [k, v.stations]));
    const stations = new Map((await this.store.stations.listAll(electionId)).map((s) => [s.id, s]));
    // One copy per station: the HQ's chosen record, else the latest from an observer assigned there.
    const latest = new Map(
      (await this.store.reports.countedProtocolCopies(electionId))
        .filter((c) => sampled.has(c.stationId))
        .map((c) => [c.stationId, c]),
    );
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const reports: QuickCountReport[] = [...latest.values()].map((c) => {
      const station = stations.get(c.stationId);
      const options = Object.fromEntries(
        election.ballotOptions.map((o) => [o.code, num(c.answers[`option_${o.code}`])]),
      );
      const valid = Object.values(options).reduce((a, b) => a + b, 0);
      const lists = election.protocolTemplate === 'ru' ? c.answers.voters_on_list : c.answers.voters_on_lists;
      const invalid = election.protocolTemplate === 'ru' ? c.answers.invalid : c.answers.invalid_ballots;
      return {
        stationKey: c.stationId,
        stratum: station?.regionId ?? '?',
        registered: num(lists) || (station?.registeredVoters ?? 0),
        valid,
        invalid: num(invalid),
        options,
      };
    });
    const estimate = reports.length ? estimateQuickCount(reports, { strata }) : null;
    // The estimate as the sampled copies arrived (in the order they were last updated).
    const arrival = new Map([...latest.values()].map((c) => [c.stationId, c.updatedAt]));
    const inOrder = [...reports].sort((a, b) => (arrival.get(a.stationKey) ?? 0) - (arrival.get(b.stationKey) ?? 0));
    const convergence = inOrder.length ? quickCountConvergence(inOrder, { strata }) : [];
    let verdict = null;
    const official = await this.store.results.list(electionId);
    if (estimate && official.length) {
      const totals = { registered: 0, ballots: 0, options: {} as Record<string, number> };
      for (const r of official) {
        totals.registered += r.lines.voters_on_lists ?? r.lines.voters_on_list ?? r.registeredVoters ?? 0;
        totals.ballots +=
          (r.lines.invalid_ballots ?? r.lines.invalid ?? 0) +
          election.ballotOptions.reduce((a, o) => a + (r.lines[`option_${o.code}`] ?? 0), 0);
        for (const o of election.ballotOptions)
          totals.options[o.code] = (totals.options[o.code] ?? 0) + (r.lines[`option_${o.code}`] ?? 0);
      }
      const pct = (v: number, of: number) => (of > 0 ? (100 * v) / of : 0);
      verdict = quickCountVerdict(estimate, {
        turnout: pct(totals.ballots, totals.registered),
        options: Object.fromEntries(Object.entries(totals.options).map(([k, v]) => [k, pct(v, totals.ballots)])),
      });
    }
    return {
      sample: {
        ...sample,
        // Each sampled station with its number and region, so that lists need no second request.
        stations: sample.stations.map((s) => ({
          ...s,
          stationNumber: stations.get(s.stationKey)?.number ?? null,
          regionId: stations.get(s.stationKey)?.regionId ?? s.stratum,
          reported: latest.has(s.stationKey),
        })),
      },
      estimate,
      verdict,
      convergence: convergence.map((c) => ({
        reports: c.reports,
        turnout: c.turnout,
        options: c.options,
      })),
    };
  }
}
