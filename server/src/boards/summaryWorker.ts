import { parentPort } from 'node:worker_threads';
import { SummaryStore } from './summaryStore';
import { SUMMARY_OPS, type SummaryCall, type SummaryReply } from './SummaryThread';
import { dutyCycled } from '../workers/dutyCycle';
import { lowerThreadPriority } from '../workers/lowPriority';

lowerThreadPriority(19);

/** The summary thread's entry: one SummaryStore, one call per message. */
const store = new SummaryStore();

const answer = (call: SummaryCall) => {
  let reply: SummaryReply;
  try {
    if (!SUMMARY_OPS.includes(call.op)) throw new Error(`no such operation: ${String(call.op)}`);
    const method = store[call.op] as (...args: unknown[]) => unknown;
    reply = { id: call.id, ok: true, result: method.apply(store, [...call.args]) };
  } catch (error) {
    reply = { id: call.id, ok: false, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
};

parentPort?.on('message', dutyCycled(answer));
