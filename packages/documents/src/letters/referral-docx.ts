import { letterText, type ReferralLetterData } from './letter-texts.ts';

const FONT = 'Times New Roman';

/** The same letter as an editable Word document, for HQs that edit before signing. */
export async function referralLetterDocx(letter: ReferralLetterData): Promise<Buffer> {
  // Loaded on the first letter, like pdf-lib (see referral-pdf.ts).
  const { AlignmentType, BorderStyle, Document, Packer, Paragraph, TextRun } = await import('docx');
  const t = letterText(letter);
  const run = (text: string, options: { bold?: boolean; size?: number } = {}) =>
    new TextRun({ text, font: FONT, bold: options.bold ?? false, size: options.size ?? 24 });
  const head = [letter.organisation.registration, letter.organisation.address, letter.organisation.contacts].filter(
    (x): x is string => Boolean(x),
  );
  const doc = new Document({
    creator: 'pollwatch',
    title: t.title,
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
          new Paragraph({ spacing: { before: 240, after: 360 }, children: [run(t.dateLine, { size: 20 })] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 300 },
            children: [run(t.title, { bold: true, size: 32 })],
          }),
          ...t.paragraphs.map(
            (p) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 }, children: [run(p)] }),
          ),
          new Paragraph({ spacing: { before: 600, after: 800 }, children: [run(t.signatureLine)] }),
          new Paragraph({ children: [run(t.verification, { size: 18 })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
