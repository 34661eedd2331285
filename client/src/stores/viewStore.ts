import { create } from 'zustand';

/** Local, per-tab view state: never synced, never part of the document. */
export type ViewMode = 'timeline' | 'list' | 'factors';

export interface Composer {
  readonly laneId: string;
  readonly occurredAt: number | null;
}

export interface ViewState {
  mode: ViewMode;
  /** Horizontal zoom of the timeline. */
  pxPerMinute: number;
  /** true until the person zooms by hand: the timeline then follows the cards. */
  autoFit: boolean;
  editingCardId: string | null;
  moveDialogCardId: string | null;
  composer: Composer | null;
  /** Scroll to what the facilitator spotlights (each person can opt out). */
  followSpotlight: boolean;
  setFollowSpotlight(follow: boolean): void;
  /** The awareness client id of the facilitator whose view this person mirrors, if any. */
  following: number | null;
  setFollowing(clientId: number | null): void;
  /** A zoom set by following someone (not by hand: following continues). */
  mirrorZoom(pxPerMinute: number): void;
  setMode(mode: ViewMode): void;
  zoom(factor: number): void;
  applyFittedZoom(pxPerMinute: number): void;
  /** Back to following the cards: the timeline computes the zoom that fits. */
  requestFit(): void;
  setEditing(cardId: string | null): void;
  openMoveDialog(cardId: string | null): void;
  openComposer(composer: Composer | null): void;
}

export const MIN_PX_PER_MINUTE = 0.5;
export const MAX_PX_PER_MINUTE = 120;

const clampZoom = (value: number) => Math.min(MAX_PX_PER_MINUTE, Math.max(MIN_PX_PER_MINUTE, value));

const INITIAL = {
  mode: 'timeline',
  pxPerMinute: 8,
  autoFit: true,
  editingCardId: null,
  moveDialogCardId: null,
  composer: null,
  followSpotlight: true,
  following: null,
} as const satisfies Partial<ViewState>;

export const useViewStore = create<ViewState>((set) => ({
  ...INITIAL,
  setMode: (mode) => set({ mode }),
  // Zooming by hand is looking elsewhere: it stops following the facilitator's view.
  zoom: (factor) =>
    set((state) => ({ pxPerMinute: clampZoom(state.pxPerMinute * factor), autoFit: false, following: null })),
  mirrorZoom: (pxPerMinute) => set({ pxPerMinute: clampZoom(pxPerMinute), autoFit: false }),
  applyFittedZoom: (pxPerMinute) => set({ pxPerMinute: clampZoom(pxPerMinute), autoFit: true }),
  requestFit: () => set({ autoFit: true }),
  setFollowSpotlight: (followSpotlight) => set({ followSpotlight }),
  setFollowing: (following) => set({ following }),
  setEditing: (editingCardId) => set({ editingCardId }),
  openMoveDialog: (moveDialogCardId) => set({ moveDialogCardId }),
  openComposer: (composer) => set({ composer }),
}));

/** Tests and page changes start from a clean view. */
export function resetViewStore(): void {
  useViewStore.setState(INITIAL);
}
