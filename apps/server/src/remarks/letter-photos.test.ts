import { Readable } from 'node:stream';
import { remarkLetterDocx } from '@pollwatch/documents';
import JSZip from 'jszip';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LETTER_PHOTO_PX, LETTER_PHOTOS, letterPhotos } from './letter-photos.ts';

/** A phone photo: large, with the camera and GPS position in its EXIF. */
const phonePhoto = (seed: number) =>
  sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: seed, g: 120, b: 60 } } })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Secret Phone 9' }, IFD3: { GPSLatitudeRef: 'N' } })
    .jpeg({ quality: 90 })
    .toBuffer();

function blobsOf(files: Record<string, Buffer>) {
  return {
    exists: async (sha: string) => sha in files,
    read: (sha: string) => Readable.from([files[sha] as Buffer]),
  };
}

describe('evidence photos in a remark letter', () => {
  it('are thumbnails without EXIF, at most six, each once, in the evidence order; a missing or broken one is left out', async () => {
    const original = await phonePhoto(10);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes('Secret Phone 9')).toBe(true);
    const png = await sharp({ create: { width: 300, height: 900, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    const files: Record<string, Buffer> = { a: original, b: png, broken: Buffer.from('not a picture') };
    for (let i = 0; i < 8; i++) files[`n${i}`] = await phonePhoto(20 + i);
    const photos = await letterPhotos(
      [
        { stationNumber: 5, photos: ['a', 'missing', 'broken', 'b'] },
        { stationNumber: 6, photos: ['a', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5'] },
      ],
      blobsOf(files),
    );
    expect(photos).toHaveLength(LETTER_PHOTOS);
    expect(photos.map((p) => p.stationNumber)).toEqual([5, 5, 6, 6, 6, 6]);
    for (const p of photos) {
      const meta = await sharp(p.jpeg).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(Math.max(p.width, p.height)).toBeLessThanOrEqual(LETTER_PHOTO_PX);
      expect([meta.width, meta.height]).toEqual([p.width, p.height]);
      expect(p.jpeg.length).toBeLessThan(100_000);
      expect(Buffer.from(p.jpeg).includes('Secret Phone 9')).toBe(false);
    }
    expect([photos[0]?.width, photos[0]?.height]).toEqual([480, 360]);
    expect([photos[1]?.width, photos[1]?.height]).toEqual([160, 480]);

    // the letter carries them: Word's media holds the thumbnails, not the phone's file
    const zip = await JSZip.loadAsync(
      await remarkLetterDocx({
        locale: 'ru',
        organisation: { name: 'ОО', registration: 'БИН 1', signatoryName: 'А. Б.', signatoryTitle: 'Председатель' },
        number: 1,
        commission: { level: 'precinct', name: null, address: null, stationNumber: 5, areaName: 'Алматы' },
        electionName: 'Выборы',
        votingDate: '2026-12-20',
        title: 'Нет пандуса',
        body: 'Текст',
        legalBasis: null,
        stations: [{ number: 5, address: 'ул. 1' }],
        answerDays: 5,
        datedOn: '2026-12-21',
        photos,
      }),
    );
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(1);
    for (const name of media) {
      const bytes = (await zip.file(name)?.async('nodebuffer')) as Buffer;
      expect(bytes.includes('Secret Phone 9')).toBe(false);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    }
  }, 60_000);
});
