import { DEFAULT_TURNOUT_CHECKPOINTS } from '@pollwatch/core';
import type { DemoStation } from './demo-campaign.ts';
import { DemoRandom } from './demo-random.ts';
import { demoBallotOptions } from './demo-territory.ts';
import { addMinutes } from './demo-time.ts';

/** Shares of the vote in the rehearsal, near the 2022 result; each station varies around them. */
const SHARES: Record<string, number> = {
  abden: 0.021,
  auesbayev: 0.022,
  dairabayev: 0.034,
  kazhyken: 0.034,
  tokayev: 0.8,
  tursynbekova: 0.026,
  against_all: 0.058,
};

/** Share of the day's ballots issued by each of the CEC's checkpoints. */
const ISSUED_BY = [0.12, 0.3, 0.48, 0.65, 0.83, 0.97];

export interface StationStory {
  arrival: string;
  admitted: boolean;
  openedOnTime: boolean;
  openingTime: string;
  sealed: boolean;
  registered: number;
  received: number;
  issued: number;
  tookPart: number;
  invalid: number;
  votes: Record<string, number>;
  /** The observer's count at each checkpoint, and when it was sent. */
  turnout: { checkpoint: string; voters: number; sentAt: string; source: 'own_count' | 'commission' }[];
  closingTime: string;
  countEnd: string;
  copyReceived: boolean;
  /** The copy breaks a protocol relation (the commission's arithmetic is wrong). */
  relationError: boolean;
}

/**
 * What happened at one station on voting day, from the station's own seeded generator: the same
 * story whether the seed, the official results or the live replay asks for it.
 */
export function stationStory(station: DemoStation, seed: number): StationStory {
  const random = new DemoRandom(seed + station.number * 7919);
  const registered = station.registeredVoters;
  const turnout = Math.min(0.9, Math.max(0.3, 0.56 + 0.08 * random.normal()));
  const issued = random.binomial(registered, turnout);
  const tookPart = Math.max(0, issued - random.int(3));
  const invalid = random.binomial(tookPart, 0.014);
  const valid = tookPart - invalid;
  const leaderShare = Math.min(0.92, Math.max(0.6, (SHARES.tokayev ?? 0.8) + 0.04 * random.normal()));
  const others = demoBallotOptions.filter((o) => o.code !== 'tokayev');
  const otherWeight = others.reduce((a, o) => a + (SHARES[o.code] ?? 0), 0);
  const votes: Record<string, number> = {};
  let left = valid - Math.round(valid * leaderShare);
  votes.tokayev = valid - left;
  others.forEach((o, i) => {
    const n =
      i === others.length - 1 ? left : Math.min(left, random.binomial(left, (SHARES[o.code] ?? 0) / otherWeight));
    votes[o.code] = n;
    left -= n;
  });
  const ordered: Record<string, number> = {};
  for (const o of demoBallotOptions) ordered[o.code] = votes[o.code] ?? 0;

  const received = Math.ceil((registered * 1.01) / 50) * 50;
  const openedOnTime = random.chance(0.92);
  let previous = 0;
  const counts = ISSUED_BY.map((share) => {
    const value = Math.max(previous, Math.round(issued * Math.min(1, share + 0.03 * random.normal())));
    previous = value;
    return value;
  });
  counts[counts.length - 1] = Math.max(previous, Math.min(issued, Math.round(issued * 0.985)));
  return {
    arrival: addMinutes('06:25', random.int(30)),
    admitted: random.chance(0.985),
    openedOnTime,
    openingTime: openedOnTime ? '07:00' : addMinutes('07:05', random.int(25)),
    sealed: random.chance(0.97),
    registered,
    received,
    issued,
    tookPart,
    invalid,
    votes: ordered,
    turnout: DEFAULT_TURNOUT_CHECKPOINTS.map((checkpoint, i) => ({
      checkpoint,
      voters: counts[i] ?? 0,
      sentAt: addMinutes(checkpoint, 2 + random.int(20)),
      source: random.chance(0.7) ? 'own_count' : 'commission',
    })),
    closingTime: addMinutes('20:00', random.int(8)),
    countEnd: addMinutes('21:20', random.int(140)),
    copyReceived: random.chance(0.95),
    relationError: random.chance(0.015),
  };
}

/** The protocol copy's answers (photos added by the caller). */
export function protocolAnswers(story: StationStory): Record<string, number> {
  const answers: Record<string, number> = {
    voters_on_lists: story.registered,
    ballots_received: story.received,
    voters_received_ballots: story.issued,
    ballots_cancelled: story.received - story.issued + (story.relationError ? 7 : 0),
    voters_took_part: story.tookPart,
    invalid_ballots: story.invalid,
  };
  for (const [code, n] of Object.entries(story.votes)) answers[`option_${code}`] = n;
  return answers;
}

export function closingAnswers(story: StationStory, random: DemoRandom): Record<string, unknown> {
  return {
    closing_time: story.closingTime,
    queue_voted: random.chance(0.8) ? 'no_queue' : random.chance(0.9) ? 'yes' : 'no',
    unused_cancelled: random.chance(0.93),
    count_visible: random.chance(0.95),
    ballots_shown: random.chance(0.88),
    copy_received: story.copyReceived,
    count_end_time: story.countEnd,
  };
}

/** Protocol time: the count's end plus a few minutes; after midnight it is the next morning. */
export function afterCount(story: StationStory, minutes: number): { nextDay: boolean; time: string } {
  const time = addMinutes(story.countEnd, minutes);
  return { nextDay: time < story.countEnd, time };
}
