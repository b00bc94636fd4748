import { DomainError } from '@pollwatch/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../xlsform/fixtures/build-workbook.ts';
import { checkZipBuffer } from './zip-limits.ts';

// Issue 21 (fuzzing): whatever bytes arrive, the zip check answers with a DomainError or accepts;
// it never throws anything else and never hangs.
describe('zip limits under arbitrary input', () => {
  it('random bytes, with or without a zip signature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (bytes, signed) => {
        const input = signed ? Buffer.concat([Buffer.from('PK\u0003\u0004'), bytes]) : Buffer.from(bytes);
        try {
          await checkZipBuffer(input, { maxInflatedBytes: 1024 * 1024 });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a real workbook with bytes flipped anywhere', async () => {
    const workbook = Buffer.from(
      await buildWorkbook([
        {
          name: 'Sheet1',
          rows: [
            ['a', 'b'],
            ['1', '2'],
          ],
        },
      ]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: workbook.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const mutated = Buffer.from(workbook);
          for (const [at, value] of flips) mutated[at] = value;
          try {
            await checkZipBuffer(mutated, { maxInflatedBytes: 4 * 1024 * 1024 });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
