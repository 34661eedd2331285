import { describe, expect, it } from 'vitest';
import type { BoardSummary } from './insights';
import { incidentMetrics, monthlyTrends } from './aggregate';
import { ALL_TIME, inScope, scopeFor } from './scope';

const HOUR = 3_600_000;
const at = (y: number, m: number, d = 10) => Date.UTC(y, m - 1, d, 9);

function incident(id: string, startedAt: number | null, extra: Partial<BoardSummary> = {}): BoardSummary {
  return {
    id,
    title: `Incident ${id}`,
    status: 'published',
    createdAt: at(2024, 1, 1),
    startedAt,
    resolvedAt: null,
    participants: [],
    cards: 0,
    factors: [],
    actions: [],
    ...extra,
  };
}

describe('time scope', () => {
  const now = Date.UTC(2024, 4, 15); // 15 May 2024
  it('names calendar periods around now (UTC months and quarters)', () => {
    expect(scopeFor('this-month', now)).toEqual({ from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 5, 1) });
    expect(scopeFor('last-month', now)).toEqual({ from: Date.UTC(2024, 3, 1), to: Date.UTC(2024, 4, 1) });
    expect(scopeFor('this-quarter', now)).toEqual({ from: Date.UTC(2024, 3, 1), to: Date.UTC(2024, 6, 1) });
    expect(scopeFor('last-quarter', now)).toEqual({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 3, 1) });
    expect(scopeFor('last-quarter', Date.UTC(2024, 1, 3))).toEqual({
      from: Date.UTC(2023, 9, 1),
      to: Date.UTC(2024, 0, 1),
    });
    expect(scopeFor('this-year', now)).toEqual({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2025, 0, 1) });
    expect(scopeFor('all', now)).toEqual(ALL_TIME);
  });

  it('keeps incidents that started in the period (the board’s creation when no start was recorded)', () => {
    const boards = [incident('a', at(2024, 3, 31)), incident('b', at(2024, 4, 1)), incident('c', null)];
    expect(inScope(boards, scopeFor('this-quarter', now)).map((b) => b.id)).toEqual(['b']);
    expect(inScope(boards, scopeFor('last-quarter', now)).map((b) => b.id)).toEqual(['a', 'c']);
    expect(inScope(boards, ALL_TIME)).toHaveLength(3);
  });
});

describe('incident metrics and trends', () => {
  it('gives count, median and p90 of duration, time to detect and to resolve, per severity', () => {
    const start = at(2024, 5);
    const boards = [
      incident('1', start, { severity: 'SEV1', detectedAt: start + 0.5 * HOUR, resolvedAt: start + 2 * HOUR }),
      incident('2', start, { severity: 'SEV1', detectedAt: start + 1 * HOUR, resolvedAt: start + 4 * HOUR }),
      incident('3', start, { severity: 'SEV1', detectedAt: null, resolvedAt: start + 10 * HOUR }),
      incident('4', start, { severity: 'SEV3', resolvedAt: start - HOUR }), // resolved before it started: not counted
      incident('5', start),
    ];
    const metrics = incidentMetrics(boards);
    expect(metrics.map((m) => [m.severity, m.incidents])).toEqual([
      ['SEV1', 3],
      ['SEV3', 1],
      ['unset', 1],
    ]);
    expect(metrics[0]).toMatchObject({
      duration: { median: 4 * HOUR, p90: 10 * HOUR },
      timeToDetect: { median: 0.5 * HOUR, p90: 1 * HOUR },
      timeToResolve: { median: 1.5 * HOUR, p90: 3 * HOUR },
    });
    expect(metrics[1]!.duration).toEqual({ median: null, p90: null });
  });

  it('counts incidents, categories and factors per month, empty months included', () => {
    const boards = [
      incident('a', at(2024, 1), {
        factors: [
          { name: 'No canary', category: 'change', evidence: 1 },
          { name: 'Alert on the wrong signal', category: 'signals', evidence: 1 },
        ],
      }),
      incident('b', at(2024, 3), {
        factors: [
          { name: 'no  canary', category: 'change', evidence: 1 },
          { name: 'Big-bang flag', category: 'change', evidence: 1 },
        ],
      }),
    ];
    expect(monthlyTrends(boards)).toEqual([
      {
        month: '2024-01',
        incidents: 1,
        categories: { change: 1, signals: 1 },
        factors: { 'no canary': 1, 'alert on the wrong signal': 1 },
      },
      { month: '2024-02', incidents: 0, categories: {}, factors: {} },
      { month: '2024-03', incidents: 1, categories: { change: 1 }, factors: { 'no canary': 1, 'big bang flag': 1 } },
    ]);
    expect(monthlyTrends([])).toEqual([]);
  });
});
