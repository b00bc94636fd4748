/**
 * exceljs, loaded on the first workbook: it takes ~0.4 s to load, which every server start and
 * every worker thread paid although most never read or write one (an import of a CSV file, the
 * report writer). The letter writers load pdf-lib and docx the same way (letters/referral-pdf.ts, referral-docx.ts).
 */
export async function loadExcelJs() {
  return (await import('exceljs')).default;
}
