export * from './build-resolution.ts';
export * from './resolution-diff.ts';
export * from './resolution-model.ts';
export * from './resolution-schemas.ts';
export * from './resolution-texts.ts';
export * from './safe-markdown.ts';
