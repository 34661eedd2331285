import type { ImportError, ParsedImport } from './types';

/** The shared lanes machine sources land in (people keep their own lanes). */
export const SOURCE_LANES = {
  alerts: 'Alerts & monitoring',
  deploys: 'Deploy pipeline',
  paging: 'Paging',
} as const;

/** An ISO 8601 instant with a zone, as the JSON APIs write them; null for "not set" values. */
export function isoInstant(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  if (value.startsWith('0001-')) return null; // Go's zero time: Alertmanager's "not ended yet"
  const instant = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(instant) ? null : instant;
}

export function jsonOf(text: string): { ok: true; value: unknown } | { ok: false; result: ParsedImport } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, result: failure(`not JSON: ${(error as Error).message}`) };
  }
}

export function failure(message: string, line = 1): ParsedImport {
  const error: ImportError = { line, message };
  return { entries: [], errors: [error] };
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}
