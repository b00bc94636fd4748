export { resolutionDocx } from './resolution-docx.ts';
export { resolutionPdf } from './resolution-pdf.ts';
