export * from './channels-schemas.ts';
export * from './message-grammar.ts';
export * from './message-replies.ts';
