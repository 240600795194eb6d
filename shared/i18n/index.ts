export * from './locale.js';
export * from './translate.js';
export * from './format.js';
export { MESSAGES_EN } from './messages-en.js';
export { MESSAGES_PT_BR } from './messages-pt-br.js';
