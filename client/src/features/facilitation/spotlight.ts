import { setSpotlight } from '@retrace/shared';
import { useStore } from 'zustand';
import { useBoardContext } from '../board/BoardContext';

/** True while the facilitator's spotlight is on this card or lane (re-renders only when that changes). */
export function useIsSpotlit(kind: 'card' | 'lane', id: string): boolean {
  const { session } = useBoardContext();
  return useStore(session.control.state, (state) => state.spotlight?.kind === kind && state.spotlight.id === id);
}

/** The facilitator's "point everyone here" action (null for everyone else). */
export function useSpotlightAction(): ((kind: 'card' | 'lane', id: string) => void) | null {
  const { session, role } = useBoardContext();
  if (role !== 'facilitator') return null;
  return (kind, id) => setSpotlight(session.control.doc, { kind, id, at: Date.now() });
}
