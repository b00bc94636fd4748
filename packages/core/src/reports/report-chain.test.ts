import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../forms/form-definition.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import { type ChainedRevision, chainPayload, chainPayloadOf, photoHashesOf } from './report-chain.ts';

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

describe('photoHashesOf', () => {
  const label = { ru: 'Фото' };
  const form: FormDefinition = {
    schemaVersion: 1,
    code: 'protocol',
    kind: 'protocol',
    title: { ru: 'Протокол' },
    groups: [
      {
        id: 'copy',
        title: label,
        questions: [
          { id: 'voters', type: 'integer', label },
          { id: 'pages', type: 'photo', multiple: true, label },
        ],
      },
      { id: 'notes', title: label, questions: [{ id: 'remark', type: 'text', label }] },
      {
        id: 'visit',
        title: label,
        repeatable: true,
        questions: [
          { id: 'queue', type: 'photo', label },
          { id: 'time', type: 'time', label },
        ],
      },
    ],
  };
  const hash = (c: string) => c.repeat(64);

  it('collects every photo answer of the form, repeated groups included, once each and sorted', () => {
    const answers = {
      voters: 1200,
      pages: [hash('c'), hash('a')],
      remark: hash('f'),
      visit: [{ queue: hash('b'), time: '10:00' }, { queue: hash('a') }, 'not a record', { time: '11:00' }],
    };
    expect(photoHashesOf(form, answers)).toEqual([hash('a'), hash('b'), hash('c')]);
    // The same form again (its photo questions are remembered): the same rule.
    expect(photoHashesOf(form, { pages: [hash('d'), 7], visit: 'not a list' })).toEqual([hash('d')]);
    expect(photoHashesOf(form, {})).toEqual([]);
  });
});
