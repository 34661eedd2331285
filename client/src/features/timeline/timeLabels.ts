import { formatClock, formatDateTime, formatUtcOffset, utcOffsetMinutes, type Card } from '@retrace/shared';

/** The short time on a card, in the viewer's zone; "~" marks approximate times. */
export function cardClock(card: Card, viewerZone: string): string {
  if (card.place.occurredAt === null) return 'time unknown';
  const clock = formatClock(card.place.occurredAt, viewerZone, card.place.precision === 'second');
  return card.place.precision === 'approximate' ? `~${clock}` : clock;
}

function zoned(instant: number, zone: string): string {
  return `${formatDateTime(instant, zone)} (${zone}, ${formatUtcOffset(utcOffsetMinutes(instant, zone))})`;
}

/** The hover text: the viewer's zone, the incident's reference zone and the author's local time. */
export function cardTimeDetails(card: Card, viewerZone: string, referenceZone: string): string {
  const at = card.place.occurredAt;
  if (at === null) return 'Time unknown: drag the card onto the timeline to place it.';
  const lines = [`Your time: ${zoned(at, viewerZone)}`, `Incident reference: ${zoned(at, referenceZone)}`];
  if (card.author) lines.push(`${card.author.name}'s local time: ${zoned(at, card.author.timeZone)}`);
  if (card.importedFrom) lines.push(`Imported from ${card.importedFrom}`);
  return lines.join('\n');
}
