export {
  type ReportDocument,
  type ReportSection,
  reportDocumentCsv,
  reportDocumentPdf,
  reportDocumentXlsx,
} from './report-document.ts';
export { type ReportLocale, reportTexts } from './report-texts.ts';
