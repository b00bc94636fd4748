export * from './channels-schemas.ts';
export * from './due-forms.ts';
export * from './guided-conversation.ts';
export * from './guided-texts.ts';
export * from './message-grammar.ts';
export * from './message-privacy.ts';
export * from './message-replies.ts';
export * from './sms-card.ts';
