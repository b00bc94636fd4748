export * from './remark.ts';
export * from './remark-schemas.ts';
