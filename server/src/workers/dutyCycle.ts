/**
 * Runs queued work one item at a time, resting after each item as long as it ran: a thread
 * that answers a flood of heavy requests then uses at most about half of a core, and the
 * cores' caches and memory bandwidth stay with live calls between its answers. A light item
 * (under `restAfterMs`) is followed at once by the next.
 */
export function dutyCycled<T>(handle: (item: T) => void, restAfterMs = 2): (item: T) => void {
  const queue: T[] = [];
  let running = false;
  const next = () => {
    const item = queue.shift();
    if (item === undefined) {
      running = false;
      return;
    }
    const started = performance.now();
    handle(item);
    const took = performance.now() - started;
    if (took >= restAfterMs) setTimeout(next, took);
    else setImmediate(next);
  };
  return (item) => {
    queue.push(item);
    if (running) return;
    running = true;
    setImmediate(next);
  };
}
