import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority (on Linux niceness is per thread, so the main
 * thread keeps its own). Worker threads doing background work (reports, summaries,
 * searches) call it first: on a machine with two cores, live calls on the main thread go
 * before them when both want the CPU, and they still use every idle moment. The lowest
 * (19) is for work nobody waits on during a call: the library and its searches.
 */
export function lowerThreadPriority(nice: 10 | 19 = 10): void {
  try {
    setPriority(nice);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
