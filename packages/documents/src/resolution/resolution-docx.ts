import type { Block, ResolutionDocument, Run } from '@pollwatch/core';

const FONT = 'Times New Roman';

/**
 * The resolution as an editable Word document: headings as Word headings (the navigation pane
 * and a table of contents see them), lists as paragraphs with their numbers, every table a real
 * Word table with a repeated header row, the station annex in a landscape section of its own.
 */
export async function resolutionDocx(doc: ResolutionDocument): Promise<Buffer> {
  const {
    AlignmentType,
    BorderStyle,
    Document,
    HeadingLevel,
    Packer,
    PageOrientation,
    Paragraph,
    ShadingType,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  type Child = InstanceType<typeof Paragraph> | InstanceType<typeof Table>;

  const text = (r: Run, size = 24) =>
    new TextRun({ text: r.text, font: FONT, bold: r.bold ?? false, italics: r.italic ?? false, size });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '777777' };
  const borders = { top: border, bottom: border, left: border, right: border };

  const table = (caption: string, columns: string[], rows: string[][], numeric: boolean[], size: number): Child[] => {
    const out: Child[] = [];
    if (caption) {
      out.push(
        new Paragraph({
          spacing: { before: 160, after: 80 },
          keepNext: true,
          children: [text({ text: caption, bold: true }, 22)],
        }),
      );
    }
    const cell = (value: string, i: number, header: boolean) =>
      new TableCell({
        borders,
        ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8E8E8' } } : {}),
        children: [
          new Paragraph({
            alignment: numeric[i] && !header ? AlignmentType.RIGHT : AlignmentType.LEFT,
            children: [text({ text: value, bold: header }, size)],
          }),
        ],
      });
    const tableRows = [];
    if (columns.some(Boolean)) {
      tableRows.push(new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c, i, true)) }));
    }
    for (const row of rows)
      tableRows.push(new TableRow({ children: columns.map((_, i) => cell(row[i] ?? '', i, false)) }));
    out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: tableRows }));
    out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
    return out;
  };

  const block = (b: Block): Child[] => {
    switch (b.type) {
      case 'heading':
        return [
          new Paragraph({
            heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_3,
            spacing: { before: 240, after: 120 },
            keepNext: true,
            children: [text({ text: b.text, bold: true }, b.level === 1 ? 30 : 26)],
          }),
        ];
      case 'paragraph':
        return [
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 120 },
            children: b.runs.map((r) => text(r)),
          }),
        ];
      case 'list':
        return b.items.map(
          (item, i) =>
            new Paragraph({
              indent: { left: 360, hanging: 280 },
              spacing: { after: 60 },
              children: [text({ text: b.ordered ? `${i + 1}.\t` : '•\t' }), ...item.map((r) => text(r))],
            }),
        );
      case 'figures':
        return table(
          '',
          ['', ''],
          b.items.map((f) => [f.label, f.value]),
          [false, true],
          22,
        );
      case 'table':
        return table(b.caption, b.columns, b.rows, b.numeric, 20);
    }
  };

  const document = new Document({
    creator: 'pollwatch',
    title: doc.title,
    subject: doc.subtitle,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [text({ text: doc.title, bold: true }, 36)],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [text({ text: doc.subtitle }, 24)],
          }),
          ...doc.provenance.map(
            (line) =>
              new Paragraph({ alignment: AlignmentType.CENTER, children: [text({ text: line, italic: true }, 16)] }),
          ),
          ...doc.blocks.flatMap(block),
        ],
      },
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            spacing: { after: 120 },
            children: [text({ text: doc.annex.caption, bold: true }, 28)],
          }),
          ...table('', doc.annex.columns, doc.annex.rows, doc.annex.numeric, 18),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
