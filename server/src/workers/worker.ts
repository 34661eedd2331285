import { parentPort } from 'node:worker_threads';
import { HEAVY_TASKS, TASK_NEEDS, type HeavyTaskName } from './heavyTasks';
import { lowerThreadPriority } from './lowPriority';

/** The worker thread's entry: runs one task per message and answers with its result. */
interface Request {
  readonly id: number;
  readonly task: HeavyTaskName;
  readonly input: unknown;
}

lowerThreadPriority();

parentPort?.on('message', async (request: Request) => {
  try {
    await TASK_NEEDS[request.task]?.();
    const run = HEAVY_TASKS[request.task] as (input: unknown) => unknown;
    const result = run(request.input);
    const transfer =
      typeof result === 'object' && result !== null && 'snapshot' in result && result.snapshot instanceof Uint8Array
        ? [result.snapshot.buffer as ArrayBuffer]
        : [];
    parentPort!.postMessage({ id: request.id, ok: true, result }, transfer);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, ok: false, error: (error as Error).message });
  }
});
