import { create } from 'zustand';

/** Local, per-tab view state: never synced, never part of the document. */
export type ViewMode = 'timeline' | 'list' | 'factors';

export interface Composer {
  readonly laneId: string;
  readonly occurredAt: number | null;
}

export type PanelTab = 'factors' | 'actions' | 'notes' | 'history' | 'inbox';

export interface ViewState {
  mode: ViewMode;
  /** On a narrow timeline the unknown-time column is a strip with counts until opened. */
  trayOpen: boolean;
  setTrayOpen(open: boolean): void;
  /** The side panel's tab, and whether it shows: as a column on wide screens, a drawer on narrow ones. */
  panelTab: PanelTab;
  dockedPanelOpen: boolean;
  drawerOpen: boolean;
  showPanel(tab?: PanelTab): void;
  setPanelOpen(drawer: boolean, open: boolean): void;
  /** Horizontal zoom of the timeline. */
  pxPerMinute: number;
  /** true until the person zooms by hand: the timeline fits the incident window to its width. */
  autoFit: boolean;
  /** Bumped by "Fit": the timeline fits again even if it was fitting already. */
  fitRequest: number;
  /** Cards this person just added or moved: scrolled into view and briefly highlighted. */
  revealed: { readonly ids: readonly string[]; readonly request: number };
  highlighted: ReadonlySet<string>;
  /** Scroll to these cards and highlight them for a moment (this person's own additions). */
  revealCards(ids: readonly string[]): void;
  clearHighlight(): void;
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
  /** Fit now, and keep fitting on resize until the person zooms by hand. */
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
  trayOpen: false,
  panelTab: 'factors',
  dockedPanelOpen: true,
  drawerOpen: false,
  pxPerMinute: 8,
  autoFit: true,
  fitRequest: 0,
  revealed: { ids: [], request: 0 },
  highlighted: new Set<string>(),
  editingCardId: null,
  moveDialogCardId: null,
  composer: null,
  followSpotlight: true,
  following: null,
} satisfies Partial<ViewState>;

export const useViewStore = create<ViewState>((set) => ({
  ...INITIAL,
  setMode: (mode) => set({ mode }),
  setTrayOpen: (trayOpen) => set({ trayOpen }),
  showPanel: (tab) => set((state) => ({ panelTab: tab ?? state.panelTab, dockedPanelOpen: true, drawerOpen: true })),
  setPanelOpen: (drawer, open) => set(drawer ? { drawerOpen: open } : { dockedPanelOpen: open }),
  // Zooming by hand is looking elsewhere: it stops following the facilitator's view.
  zoom: (factor) =>
    set((state) => ({ pxPerMinute: clampZoom(state.pxPerMinute * factor), autoFit: false, following: null })),
  mirrorZoom: (pxPerMinute) => set({ pxPerMinute: clampZoom(pxPerMinute), autoFit: false }),
  applyFittedZoom: (pxPerMinute) => set({ pxPerMinute: clampZoom(pxPerMinute), autoFit: true }),
  requestFit: () => set((state) => ({ autoFit: true, following: null, fitRequest: state.fitRequest + 1 })),
  revealCards: (ids) =>
    set((state) => ({
      revealed: { ids, request: state.revealed.request + 1 },
      highlighted: new Set(ids),
    })),
  clearHighlight: () => set({ highlighted: new Set() }),
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
