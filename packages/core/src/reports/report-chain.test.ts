import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../json/canonical-json.ts';
import { type ChainedRevision, chainPayload, chainPayloadOf } from './report-chain.ts';

const revision: fc.Arbitrary<ChainedRevision> = fc.record({
  reportId: fc.uuid(),
  revision: fc.integer({ min: 1, max: 1000 }),
  electionId: fc.uuid(),
  stationId: fc.uuid(),
  formId: fc.uuid(),
  formVersion: fc.integer({ min: 1, max: 1000 }),
  observerId: fc.uuid(),
  answers: fc.dictionary(fc.string(), fc.jsonValue()),
  photos: fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 4 }),
  receivedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
});

describe('chainPayload', () => {
  it('is the canonical JSON of the revision with its photos sorted', () => {
    fc.assert(
      fc.property(revision, (r) => {
        expect(chainPayload(r)).toBe(canonicalJson({ ...r, photos: [...r.photos].sort() }));
      }),
      { numRuns: 500 },
    );
  });

  it('is the same from answers already in canonical JSON, in any key order', () => {
    fc.assert(
      fc.property(revision, (r) => {
        const { answers, ...rest } = r;
        const reordered = Object.fromEntries(Object.entries(answers).reverse());
        expect(chainPayloadOf(rest, canonicalJson(reordered))).toBe(chainPayload(r));
      }),
      { numRuns: 500 },
    );
  });
});
