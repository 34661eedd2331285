/**
 * Where an update's time goes inside Retrace, read from its /metrics after a load: mean and
 * approximate p99 per write-path stage, event-loop delay and time in garbage collection.
 */
export interface StageFigures {
  readonly stages: Record<string, { count: number; meanMs: number; p99Ms: number }>;
  /** Storage transactions: how many, how long on average, and updates per transaction. */
  readonly commits: { count: number; meanMs: number; updatesPerCommit: number };
  readonly loopDelayMs: { p50: number; p99: number; max: number };
  readonly gcMs: Record<string, number>;
}

function labelled(text: string, metric: string): Array<{ labels: Record<string, string>; value: number }> {
  const out: Array<{ labels: Record<string, string>; value: number }> = [];
  const pattern = new RegExp(`^${metric}(?:\\{([^}]*)\\})? ([-+\\d.eE]+|NaN)$`, 'gm');
  for (const match of text.matchAll(pattern)) {
    const labels: Record<string, string> = {};
    for (const pair of (match[1] ?? '').split(',').filter(Boolean)) {
      const [key, value] = pair.split('=');
      labels[key!] = value!.replace(/^"|"$/g, '');
    }
    out.push({ labels, value: Number(match[2]) });
  }
  return out;
}

export async function readStages(httpUrl: string): Promise<StageFigures> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const stages: StageFigures['stages'] = {};
  const sums = labelled(text, 'retrace_update_stage_seconds_sum');
  const counts = labelled(text, 'retrace_update_stage_seconds_count');
  const buckets = labelled(text, 'retrace_update_stage_seconds_bucket');
  for (const { labels, value: count } of counts) {
    const stage = labels['stage']!;
    const sum = sums.find((s) => s.labels['stage'] === stage)?.value ?? 0;
    // p99 from the buckets: the first upper bound holding 99% of the samples.
    const own = buckets
      .filter((b) => b.labels['stage'] === stage)
      .map((b) => ({ le: b.labels['le'] === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels['le']), n: b.value }))
      .sort((a, b) => a.le - b.le);
    const p99 = own.find((b) => b.n >= 0.99 * count)?.le ?? Number.NaN;
    stages[stage] = { count, meanMs: count ? (sum / count) * 1000 : Number.NaN, p99Ms: p99 * 1000 };
  }
  const loop = labelled(text, 'retrace_event_loop_delay_seconds');
  const q = (quantile: string) => (loop.find((l) => l.labels['quantile'] === quantile)?.value ?? Number.NaN) * 1000;
  const gcMs: Record<string, number> = {};
  for (const { labels, value } of labelled(text, 'retrace_gc_seconds_total')) gcMs[labels['kind']!] = value * 1000;
  const commitCount = labelled(text, 'retrace_storage_write_seconds_count')[0]?.value ?? 0;
  const commitSum = labelled(text, 'retrace_storage_write_seconds_sum')[0]?.value ?? 0;
  const written = labelled(text, 'retrace_storage_updates_written_total')[0]?.value ?? 0;
  const commits = {
    count: commitCount,
    meanMs: commitCount ? (commitSum / commitCount) * 1000 : Number.NaN,
    updatesPerCommit: commitCount ? written / commitCount : Number.NaN,
  };
  return { stages, commits, loopDelayMs: { p50: q('0.5'), p99: q('0.99'), max: q('1') }, gcMs };
}
