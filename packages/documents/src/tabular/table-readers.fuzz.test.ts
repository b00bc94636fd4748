// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@pollwatch/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkbook } from '../xlsform/fixtures/build-workbook.ts';
import { readXlsForm } from '../xlsform/read-xlsform.ts';
import { openTable } from './open-table.ts';

// Issue 21, fuzzing: whatever file an import is handed — arbitrary bytes, CSV-shaped text in any
// encoding, a damaged or odd workbook — the readers answer with rows or a typed DomainError, never
// another exception (which the server would turn into a 500) and never a hang. Bounded runs: seconds.

const dir = mkdtempSync(join(tmpdir(), 'pollwatch-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNumber = 0;

function fileWith(bytes: Uint8Array): string {
  const path = join(dir, `f${fileNumber++}`);
  writeFileSync(path, bytes);
  return path;
}

/** Reads every row, or returns the DomainError; anything else fails the property. */
async function readAll(path: string, maxBytes = 1024 * 1024): Promise<DomainError | number> {
  try {
    const table = await openTable(path, { maxBytes });
    try {
      let rows = 0;
      for await (const _row of table.rows()) rows++;
      return rows;
    } finally {
      await table.close();
    }
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

const csvChars = fc.constantFrom(...'a,;\t"\'\r\n =+-@0123456789 ё Ә қ ң ө \u0000\uFEFF\u2028'.split(''));
const csvText = fc.array(csvChars, { maxLength: 400 }).map((c) => c.join(''));
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

describe('table readers under arbitrary input (fuzz)', () => {
  it('reads or refuses arbitrary bytes (CSV sniffing, encodings, a zip header) with a typed error only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), async (bytes, zipHeader) => {
        const content = zipHeader ? new Uint8Array([...ZIP_MAGIC, ...bytes]) : bytes;
        const result = await readAll(fileWith(content));
        if (result instanceof DomainError) expect(typeof result.code).toBe('string');
        else expect(result).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it('reads CSV-shaped text of quotes, separators, line breaks and BOMs without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.constantFrom('utf8', 'utf16le', 'latin1'), async (text, encoding) => {
        const result = await readAll(fileWith(Buffer.from(text, encoding as BufferEncoding)));
        if (result instanceof DomainError) expect(typeof result.code).toBe('string');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a file over the size limit with file_too_large, whatever it holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 65, maxLength: 512 }), async (bytes) => {
        const result = await readAll(fileWith(bytes), 64);
        expect(result).toBeInstanceOf(DomainError);
        expect((result as DomainError).code).toBe('file_too_large');
      }),
      { numRuns: 30 },
    );
  });
});

async function xlsFormOutcome(bytes: Uint8Array): Promise<'read' | DomainError> {
  try {
    await readXlsForm(bytes, { fileName: 'fuzz.xlsx' });
    return 'read';
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('XLSForm import under arbitrary input (fuzz)', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      'integer',
      'select_one yes_no',
      'select_multiple  ',
      'begin_group',
      'end_group',
      'begin_repeat',
      'calculate',
      'note',
      'text',
      '${',
      '${q1} > 3',
      'selected(${q2}, "a")',
      '.',
      'label::ru',
      'label::kk',
      '',
    ),
  );
  const row = fc.array(cell, { minLength: 0, maxLength: 6 });

  it('maps any survey/choices cells, or refuses with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 8 }),
        fc.array(row, { maxLength: 5 }),
        fc.constantFrom('survey', 'SURVEY', 'Survey ', 'other'),
        async (surveyRows, choiceRows, surveyName) => {
          const header = ['type', 'name', 'label', 'relevant', 'constraint', 'calculation'];
          const bytes = await buildWorkbook([
            { name: surveyName, rows: [header, ...surveyRows] },
            { name: 'choices', rows: [['list_name', 'name', 'label'], ...choiceRows] },
          ]);
          const outcome = await xlsFormOutcome(bytes);
          if (outcome !== 'read') expect(typeof outcome.code).toBe('string');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a damaged workbook (bytes flipped or cut) with a typed error, never another exception', async () => {
    const good = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label'],
          ['integer', 'voters', 'Voters'],
        ],
      },
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.nat({ max: good.length }),
        async (flips, cut) => {
          const bytes = good.slice(0, Math.max(4, cut));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          const outcome = await xlsFormOutcome(bytes);
          if (outcome !== 'read') expect(typeof outcome.code).toBe('string');
        },
      ),
      { numRuns: 60 },
    );
  });
});
