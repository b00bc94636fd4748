import { type RemarkLetterData, remarkLetterText } from './remark-letter.ts';

const FONT = 'Times New Roman';

/**
 * The remark letter as an editable Word document. Every text goes in as a plain run (the docx
 * library escapes it), so markup in a remark stays literal text.
 */
export async function remarkLetterDocx(letter: RemarkLetterData): Promise<Buffer> {
  const { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, TextRun } = await import('docx');
  const t = remarkLetterText(letter);
  const run = (text: string, options: { bold?: boolean; size?: number } = {}) =>
    new TextRun({ text, font: FONT, bold: options.bold ?? false, size: options.size ?? 24 });
  const head = [letter.organisation.registration, letter.organisation.address, letter.organisation.contacts].filter(
    (x): x is string => Boolean(x),
  );
  const para = (text: string, after = 160) =>
    new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after }, children: [run(text)] });
  // each photo at most 6 cm a side (docx sizes pictures in pixels at 96 per inch: 227 px)
  const photos = (letter.photos ?? []).flatMap((photo, i) => {
    const scale = Math.min(1, 227 / photo.width, 227 / photo.height);
    return [
      new Paragraph({
        spacing: { before: 200 },
        children: [
          new ImageRun({
            type: 'jpg',
            data: photo.jpeg,
            transformation: {
              width: Math.max(1, Math.round(photo.width * scale)),
              height: Math.max(1, Math.round(photo.height * scale)),
            },
            altText: { name: `photo-${i + 1}`, title: t.photoCaptions[i] ?? '', description: t.photoCaptions[i] ?? '' },
          }),
        ],
      }),
      new Paragraph({ spacing: { after: 120 }, children: [run(t.photoCaptions[i] ?? '', { size: 18 })] }),
    ];
  });
  const doc = new Document({
    creator: 'pollwatch',
    title: `${t.heading} № ${letter.number}`,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(letter.organisation.name, { bold: true, size: 28 })],
          }),
          ...head.map(
            (line, i) =>
              new Paragraph({
                alignment: AlignmentType.CENTER,
                ...(i === head.length - 1
                  ? { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '333333', space: 4 } } }
                  : {}),
                children: [run(line, { size: 18 })],
              }),
          ),
          new Paragraph({ spacing: { before: 240, after: 240 }, children: [run(t.reference, { size: 20 })] }),
          ...t.addressee.map(
            (line) => new Paragraph({ indent: { left: 4800 }, spacing: { after: 60 }, children: [run(line)] }),
          ),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 360, after: 200 },
            children: [run(t.heading, { bold: true, size: 32 })],
          }),
          new Paragraph({ spacing: { after: 200 }, children: [run(t.subject, { bold: true })] }),
          para(t.intro),
          ...t.body.map((p) => para(p)),
          ...(t.stations ? [para(t.stations)] : []),
          ...(t.legalBasis ? [para(t.legalBasis)] : []),
          para(t.request, 600),
          new Paragraph({ children: [run(t.signatureLine)] }),
          ...(t.photosHeading && photos.length > 0
            ? [new Paragraph({ spacing: { before: 480 }, children: [run(t.photosHeading, { bold: true })] }), ...photos]
            : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
