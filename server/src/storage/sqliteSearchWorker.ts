import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SEARCH_SQL, type SearchReply, type SearchRequest } from './sqliteSearch';
import { dutyCycled } from '../workers/dutyCycle';
import { lowerThreadPriority } from '../workers/lowPriority';

lowerThreadPriority(19);

/** The search worker's entry: a read-only connection to the board file, one query per message. */
const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const search = db.prepare<[string, number], string>(SEARCH_SQL).pluck();

const answer = (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    reply = { id: request.id, ok: true, ids: search.all(request.match, request.limit) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
};

parentPort?.on('message', dutyCycled(answer));
