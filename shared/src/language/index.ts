/**
 * The blameless-language assistant, on its own entry point: it carries a part-of-speech
 * tagger (compromise, ~350 KB), which the client loads only when hints are first needed
 * and the server loads in its worker for reports.
 */
export * from './checkLanguage';
export * from './textParts';
export * from './corpus/corpus';
