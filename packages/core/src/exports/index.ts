export * from './export-jobs.ts';
export * from './exports-schemas.ts';
export * from './report-table.ts';
