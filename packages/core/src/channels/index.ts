export * from './message-grammar.ts';
export * from './message-replies.ts';
