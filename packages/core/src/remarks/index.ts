export * from './remark.ts';
