export * from './post.ts';
export * from './public-dashboard.ts';
export * from './publishing-schemas.ts';
