import type { CardKind } from '../schema/types';
import { SOURCE_LANES, failure, isoInstant, jsonOf, record, text } from './sourceLanes';
import type { ImportEntry, ImportSkip, ParsedImport } from './types';

/**
 * PagerDuty incident log entries: the JSON of GET /incidents/{id}/log_entries (or
 * /log_entries), a `{ "log_entries": [...] }` page or several pages' entries in one array.
 * Alerts become signals in the paging lane; what a responder did lands in their own lane.
 * Format: https://developer.pagerduty.com/api-reference/ (Log Entries).
 */

const KINDS: Record<string, { kind: CardKind; verb: string }> = {
  trigger_log_entry: { kind: 'signal', verb: 'Triggered' },
  notify_log_entry: { kind: 'communication', verb: 'Notified' },
  acknowledge_log_entry: { kind: 'action', verb: 'Acknowledged' },
  unacknowledge_log_entry: { kind: 'event', verb: 'Unacknowledged' },
  annotate_log_entry: { kind: 'observation', verb: 'Note' },
  assign_log_entry: { kind: 'action', verb: 'Assigned' },
  escalate_log_entry: { kind: 'event', verb: 'Escalated' },
  resolve_log_entry: { kind: 'action', verb: 'Resolved' },
  snooze_log_entry: { kind: 'action', verb: 'Snoozed' },
  urgency_change_log_entry: { kind: 'decision', verb: 'Urgency changed' },
  priority_change_log_entry: { kind: 'decision', verb: 'Priority changed' },
  status_update_log_entry: { kind: 'communication', verb: 'Status update' },
  reach_trigger_limit_log_entry: { kind: 'event', verb: 'Trigger limit reached' },
  exhaust_escalation_path_log_entry: { kind: 'event', verb: 'Escalation path exhausted' },
  repeat_escalation_path_log_entry: { kind: 'event', verb: 'Escalation repeated' },
};

export function parsePagerDutyLog(input: string): ParsedImport {
  const json = jsonOf(input);
  if (!json.ok) return json.result;
  const list = Array.isArray(json.value) ? json.value : record(json.value)['log_entries'];
  if (!Array.isArray(list)) return failure('expected PagerDuty log entries: {"log_entries": [...]}');
  const entries: ImportEntry[] = [];
  const skipped: ImportSkip[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const item = record(raw);
    const ref = `log entry ${index + 1}`;
    const type = text(item['type']);
    const at = isoInstant(item['created_at']);
    if (!type.endsWith('_log_entry')) return skipped.push({ ref, reason: 'not a PagerDuty log entry ("type")' });
    if (at === null) return skipped.push({ ref, reason: 'no valid "created_at"' });
    const id = text(item['id']) || `${type}:${at}`;
    if (seen.has(id)) return skipped.push({ ref, reason: 'the same log entry appears twice' });
    seen.add(id);
    const agent = record(item['agent']);
    const channel = record(item['channel']);
    const service = record(item['service']);
    const incident = record(item['incident']);
    const byPerson = text(agent['type']).startsWith('user');
    const mapping = KINDS[type] ?? { kind: 'event' as const, verb: type.replace(/_log_entry$/, '').replace(/_/g, ' ') };
    const summary = text(item['summary']);
    const detail =
      type === 'annotate_log_entry'
        ? text(channel['summary']) || summary
        : type === 'trigger_log_entry'
          ? [text(incident['summary']) || summary, text(channel['summary'])]
              .filter((part, i, all) => part && all.indexOf(part) === i)
              .join(' — ')
          : summary;
    const incidentRef = text(incident['summary']);
    entries.push({
      line: index + 1,
      ref,
      occurredAt: at,
      speaker: byPerson ? text(agent['summary']) || 'PagerDuty user' : SOURCE_LANES.paging,
      speakerKey: byPerson && text(agent['id']) ? `pagerduty:${text(agent['id'])}` : undefined,
      laneKind: byPerson ? 'person' : 'system',
      kind: mapping.kind,
      text: detail.startsWith(mapping.verb) ? detail : `${mapping.verb}: ${detail || incidentRef || 'the incident'}`,
      note: ['PagerDuty', text(service['summary'])].filter(Boolean).join(' · '),
      sourceId: `pagerduty:${id}`,
    });
  });
  return { entries, errors: entries.length || skipped.length ? [] : [failure('no log entries').errors[0]!], skipped };
}
