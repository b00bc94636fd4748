import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../xlsform/fixtures/build-workbook.ts';
import { readXlsForm } from '../xlsform/read-xlsform.ts';
import { openTable } from './open-table.ts';
import { checkZipBuffer } from './zip-limits.ts';

// Issue 21: a small compressed workbook must not be able to take the server down.

/** A real workbook with one extra entry that inflates to `inflated` bytes of zeros. */
async function bomb(inflated: number, workbook?: Uint8Array): Promise<Buffer> {
  const base =
    workbook ??
    (await buildWorkbook([
      {
        name: 'Sheet1',
        rows: [
          ['number', 'name'],
          ['1', 'School 1'],
        ],
      },
    ]));
  const zip = await JSZip.loadAsync(base);
  zip.file('xl/media/padding.bin', Buffer.alloc(inflated), {
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('zip limits', () => {
  it('refuses an XLSX import that inflates past the ratio or the total, reading nothing else', async () => {
    const file = await bomb(20 * 1024 * 1024);
    expect(file.length).toBeLessThan(100 * 1024);
    const path = join(mkdtempSync(join(tmpdir(), 'pollwatch-zip-')), 'bomb.xlsx');
    writeFileSync(path, file);
    await expect(openTable(path)).rejects.toMatchObject({ code: 'file_too_large', details: { reason: 'ratio' } });
  });

  it('refuses past the total even when each entry looks ordinary, and counts real bytes, not declared sizes', async () => {
    const file = await bomb(3 * 1024 * 1024);
    await expect(checkZipBuffer(file, { maxInflatedBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'file_too_large',
      details: { reason: 'inflated' },
    });
    // The sizes a zip declares are the attacker's to write: shrink the central directory's.
    const lying = Buffer.from(file);
    for (let i = 0; i < lying.length - 4; i++) {
      if (lying.readUInt32LE(i) === 0x02014b50) lying.writeUInt32LE(10, i + 24);
    }
    await expect(checkZipBuffer(lying, { maxInflatedBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'file_too_large',
    });
    await expect(checkZipBuffer(file)).resolves.toBeUndefined();
  });

  it('refuses an XLSForm that inflates past what a questionnaire can be', async () => {
    const form = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label'],
          ['integer', 'voters', 'Voters'],
        ],
      },
    ]);
    await expect(readXlsForm(await bomb(24 * 1024 * 1024, form))).rejects.toMatchObject({ code: 'file_too_large' });
    await expect(readXlsForm(form)).resolves.toMatchObject({ form: expect.anything() });
  });

  it('refuses a file that is not a zip at all as unreadable', async () => {
    await expect(checkZipBuffer(Buffer.from('PK\u0003\u0004 not really'))).rejects.toMatchObject({
      code: 'file_unreadable',
    });
  });
});
