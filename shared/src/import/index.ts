export * from './types';
export * from './hashId';
export * from './chatLog';
export * from './slackExport';
export * from './csvTimeline';
export * from './planImport';
