import { SOURCE_LANES, failure, isoInstant, jsonOf, record, text } from './sourceLanes';
import type { ImportEntry, ImportSkip, ParsedImport } from './types';

/**
 * Alerting history: Prometheus Alertmanager webhook payloads (version 4), as a receiver
 * stores them (one payload, an array of payloads, or one payload per line), and Grafana
 * alert-state history (the data frame of GET /api/v1/rules/history, or the legacy
 * annotations of GET /api/annotations?type=alert). Firing and resolving become signals in
 * the alerts lane; an alert Alertmanager re-sends is imported once.
 * Formats: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config,
 * https://grafana.com/docs/grafana/latest/alerting/ (state history).
 */

function payloads(input: string): unknown[] | null {
  const json = jsonOf(input);
  if (json.ok) return Array.isArray(json.value) ? json.value : [json.value];
  // Newline-delimited payloads, as a webhook receiver appends them to a file.
  const lines = input.split(/\r?\n/).filter((line) => line.trim());
  try {
    return lines.map((line) => JSON.parse(line) as unknown);
  } catch {
    return null;
  }
}

function describe(labels: Record<string, unknown>, annotations: Record<string, unknown>): string {
  const name = text(labels['alertname']) || 'alert';
  const about = text(annotations['summary']) || text(annotations['description']) || text(annotations['message']);
  const where = ['instance', 'service', 'job', 'severity']
    .map((key) => (text(labels[key]) ? `${key}=${text(labels[key])}` : ''))
    .filter(Boolean)
    .join(', ');
  return `${name}${about ? `: ${about}` : ''}${where ? ` (${where})` : ''}`;
}

export function parseAlertmanager(input: string): ParsedImport {
  const list = payloads(input);
  if (!list) return failure('expected Alertmanager webhook payloads: {"version": "4", "alerts": [...]}');
  const entries: ImportEntry[] = [];
  const skipped: ImportSkip[] = [];
  const seen = new Set<string>();
  let line = 0;
  list.forEach((raw, payloadIndex) => {
    const payload = record(raw);
    if (!Array.isArray(payload['alerts'])) {
      skipped.push({ ref: `payload ${payloadIndex + 1}`, reason: 'no "alerts" list' });
      return;
    }
    (payload['alerts'] as unknown[]).forEach((rawAlert, alertIndex) => {
      line++;
      const ref = `payload ${payloadIndex + 1}, alert ${alertIndex + 1}`;
      const alert = record(rawAlert);
      const labels = record(alert['labels']);
      const annotations = record(alert['annotations']);
      const identity = text(alert['fingerprint']) || JSON.stringify(Object.entries(labels).sort());
      const startsAt = isoInstant(alert['startsAt']);
      const endsAt = isoInstant(alert['endsAt']);
      const resolved = text(alert['status']) === 'resolved';
      const events: Array<{ at: number | null; what: 'firing' | 'resolved' }> = [{ at: startsAt, what: 'firing' }];
      if (resolved) events.push({ at: endsAt, what: 'resolved' });
      for (const event of events) {
        if (event.at === null) {
          skipped.push({ ref, reason: `no valid ${event.what === 'firing' ? '"startsAt"' : '"endsAt"'}` });
          continue;
        }
        const key = `${identity}:${event.what}:${event.at}`;
        if (seen.has(key)) continue; // Alertmanager repeats firing alerts every repeat_interval
        seen.add(key);
        entries.push({
          line,
          ref,
          occurredAt: event.at,
          speaker: SOURCE_LANES.alerts,
          laneKind: 'system',
          kind: 'signal',
          text: `${event.what === 'firing' ? 'Firing' : 'Resolved'}: ${describe(labels, annotations)}`,
          note: ['Alertmanager', text(payload['receiver'])].filter(Boolean).join(' · '),
          sourceId: `alertmanager:${key}`,
        });
      }
    });
  });
  entries.sort((a, b) => a.occurredAt! - b.occurredAt!);
  return { entries, errors: entries.length || skipped.length ? [] : failure('no alerts found').errors, skipped };
}

function stateText(ruleTitle: string, previous: string, current: string, extra: string): string {
  const verb = /^alerting/i.test(current) ? 'Firing' : /^normal/i.test(current) ? 'Back to normal' : current;
  return `${verb}: ${ruleTitle || 'alert rule'} (${previous || '?'} → ${current || '?'})${extra ? ` — ${extra}` : ''}`;
}

export function parseGrafanaStateHistory(input: string): ParsedImport {
  const json = jsonOf(input);
  if (!json.ok) return json.result;
  const entries: ImportEntry[] = [];
  const skipped: ImportSkip[] = [];
  const push = (
    line: number,
    ref: string,
    at: number,
    title: string,
    previous: string,
    current: string,
    extra: string,
    id: string,
  ) =>
    entries.push({
      line,
      ref,
      occurredAt: at,
      speaker: SOURCE_LANES.alerts,
      laneKind: 'system',
      kind: /^(alerting|error|nodata)/i.test(current) ? 'signal' : 'event',
      text: stateText(title, previous, current, extra),
      note: 'Grafana',
      sourceId: `grafana:${id}`,
    });
  if (Array.isArray(json.value)) {
    // Legacy annotations: [{ time, alertName, prevState, newState, text }]
    json.value.forEach((raw, index) => {
      const item = record(raw);
      const at = typeof item['time'] === 'number' ? item['time'] : null;
      if (at === null || !text(item['newState'])) {
        skipped.push({ ref: `annotation ${index + 1}`, reason: 'not an alert state change ("time", "newState")' });
        return;
      }
      push(
        index + 1,
        `annotation ${index + 1}`,
        at,
        text(item['alertName']),
        text(item['prevState']),
        text(item['newState']),
        text(item['text']),
        text(item['id']) || `${at}:${index}`,
      );
    });
  } else {
    // The state-history data frame: schema.fields names the columns, data.values holds them.
    const frame = record(json.value);
    const fields = (
      Array.isArray(record(frame['schema'])['fields']) ? (record(frame['schema'])['fields'] as unknown[]) : []
    ).map((f) => text(record(f)['name']));
    const values = record(frame['data'])['values'];
    if (!Array.isArray(values) || fields.length === 0)
      return failure(
        'expected Grafana state history: a data frame with "schema" and "data", or a list of alert annotations',
      );
    const column = (name: string): unknown[] =>
      Array.isArray(values[fields.indexOf(name)]) ? (values[fields.indexOf(name)] as unknown[]) : [];
    const times = column('time');
    const lines = column('line');
    times.forEach((time, index) => {
      const ref = `state change ${index + 1}`;
      const rawLine = lines[index];
      const line = record(typeof rawLine === 'string' ? safeJson(rawLine) : rawLine);
      if (typeof time !== 'number' || !text(line['current'])) {
        skipped.push({ ref, reason: 'no time or state' });
        return;
      }
      const labels = record(line['labels']);
      const where = ['instance', 'service', 'job']
        .map((k) => (text(labels[k]) ? `${k}=${text(labels[k])}` : ''))
        .filter(Boolean)
        .join(', ');
      const extra = [text(line['error']), where].filter(Boolean).join('; ');
      push(
        index + 1,
        ref,
        time,
        text(line['ruleTitle']),
        text(line['previous']),
        text(line['current']),
        extra,
        `${text(line['ruleUID'])}:${text(line['fingerprint'])}:${time}`,
      );
    });
  }
  entries.sort((a, b) => a.occurredAt! - b.occurredAt!);
  return { entries, errors: entries.length || skipped.length ? [] : failure('no state changes found').errors, skipped };
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}
