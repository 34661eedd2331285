import type { Lane } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { lanesForViewer } from './laneOrder';

const lane = (id: string, owner: string | null = null): Lane => ({
  id,
  name: id,
  kind: owner ? 'person' : 'system',
  owner,
  timeZone: null,
  orderKey: id,
  importKeys: [],
});

describe('lanesForViewer', () => {
  const lanes = [lane('web'), lane('ana', 'p-ana'), lane('api'), lane('nia', 'p-nia')];

  it('pins my own lane at the top and keeps the others in the shared order', () => {
    const shown = lanesForViewer(lanes, 'p-nia');
    expect(shown.map((s) => s.lane.id)).toEqual(['nia', 'web', 'ana', 'api']);
    expect(shown[0]).toMatchObject({ pinned: true, previous: undefined, next: undefined });
  });

  it('moves the other lanes among the lanes shown around them', () => {
    const api = lanesForViewer(lanes, 'p-nia').find((s) => s.lane.id === 'api')!;
    expect(api.previous?.id).toBe('ana');
    expect(api.beforePrevious?.id).toBe('web');
    expect(api.next).toBeUndefined();
  });

  it('shows the shared order to people without a lane (viewers)', () => {
    expect(lanesForViewer(lanes, 'someone').map((s) => s.lane.id)).toEqual(['web', 'ana', 'api', 'nia']);
    expect(lanesForViewer(lanes, 'someone').every((s) => !s.pinned)).toBe(true);
  });
});
