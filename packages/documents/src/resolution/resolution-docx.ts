import type { Block, ResolutionDocument, Run } from '@pollwatch/core';

const FONT = 'Times New Roman';
/** The paragraph the annex table replaces in document.xml (see annexTableXml). */
const ANNEX_MARK = 'pollwatch-annex-table';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an XML text node: escaped, without the control characters XML 1.0 forbids. */
function xmlText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) continue;
    out += XML_ESCAPES[ch] ?? ch;
  }
  return out;
}

/**
 * The station annex as WordprocessingML, written directly: 10,000 rows through the docx library's
 * object model took seconds per thousand rows; this string takes milliseconds. A real table with
 * grid, borders and a header row repeated on every page, as the library writes the body's tables.
 */
function annexTableXml(table: ResolutionDocument['annex'], widthTwips: number): string {
  const weights = table.columns.map((c, i) =>
    Math.min(Math.max(c.length, ...table.rows.slice(0, 200).map((r) => (r[i] ?? '').length), 4), 40),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const grid = weights.map((w) => Math.floor((w / sum) * widthTwips));
  const cell = (text: string, i: number, header: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${grid[i]}" w:type="dxa"/>${
      header ? '<w:shd w:val="clear" w:color="auto" w:fill="E8E8E8"/>' : ''
    }</w:tcPr><w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="${table.numeric[i] && !header ? 'right' : 'left'}"/></w:pPr><w:r><w:rPr>${
      header ? '<w:b/><w:bCs/>' : ''
    }<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p></w:tc>`;
  const border = 'w:val="single" w:sz="4" w:space="0" w:color="777777"';
  const parts = [
    `<w:tbl><w:tblPr><w:tblW w:w="${widthTwips}" w:type="dxa"/><w:tblBorders><w:top ${border}/><w:left ${border}/><w:bottom ${border}/><w:right ${border}/><w:insideH ${border}/><w:insideV ${border}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`,
    ...grid.map((w) => `<w:gridCol w:w="${w}"/>`),
    '</w:tblGrid>',
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${table.columns.map((c, i) => cell(c, i, true)).join('')}</w:tr>`,
  ];
  for (const row of table.rows)
    parts.push(`<w:tr>${table.columns.map((_, i) => cell(row[i] ?? '', i, false)).join('')}</w:tr>`);
  parts.push('</w:tbl>');
  return parts.join('');
}

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
          new Paragraph({ children: [new TextRun(ANNEX_MARK)] }),
        ],
      },
    ],
  });
  // The annex goes in where its mark is, and the parts are zipped again with Node's own zlib (JSZip's
  // JavaScript deflate took seconds over the annex's megabytes of XML).
  const packed = await Packer.toBuffer(document);
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(packed);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('the DOCX has no word/document.xml');
  const xml = await file.async('string');
  const mark = new RegExp(`<w:p>(?:(?!<w:p>).)*?${ANNEX_MARK}.*?</w:p>`, 's');
  if (!mark.test(xml)) throw new Error('the annex mark is missing from document.xml');
  // Landscape A4 less 1-inch margins: 13,958 twips wide.
  const body = xml.replace(mark, () => annexTableXml(doc.annex, 13_958));
  const { ZipFile } = await import('yazl');
  const out = new ZipFile();
  const mtime = new Date(Date.UTC(2000, 0, 1));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const bytes = entry.name === 'word/document.xml' ? Buffer.from(body, 'utf8') : await entry.async('nodebuffer');
    out.addBuffer(bytes, entry.name, { compress: true, mtime });
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
