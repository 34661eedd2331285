import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useDrawerPanel } from '../../lib/useMediaQuery';
import { useViewStore, type PanelTab } from '../../stores/viewStore';
import { ActionsPanel } from '../actions/ActionsPanel';
import { FactorsPanel } from '../factors/FactorsPanel';
import { HistoryPanel } from '../history/HistoryPanel';
import { InboxPanel } from '../inbox/InboxPanel';
import { useWaitingEvidence } from '../inbox/useInbox';
import { NotesPanel } from '../notes/NotesPanel';

const TABS: ReadonlyArray<{ id: PanelTab; label: string }> = [
  { id: 'factors', label: 'Factors' },
  { id: 'actions', label: 'Actions' },
  { id: 'notes', label: 'Notes' },
  { id: 'inbox', label: 'Inbox' },
  { id: 'history', label: 'History' },
];

export const SIDE_PANEL_ID = 'side-panel';
const tabId = (tab: PanelTab) => `side-tab-${tab}`;

/**
 * Factors, follow-up actions, notes and history beside the timeline: a column on wide
 * screens, a drawer over the board on narrow ones (half a laptop screen beside a call),
 * where it stays non-modal so a card can still be dropped on a factor.
 */
export function SidePanel() {
  const drawer = useDrawerPanel();
  const tab = useViewStore((s) => s.panelTab);
  const open = useViewStore((s) => (drawer ? s.drawerOpen : s.dockedPanelOpen));
  const setOpen = useViewStore((s) => s.setPanelOpen);
  const showPanel = useViewStore((s) => s.showPanel);
  const tablistRef = useRef<HTMLDivElement>(null);
  const waiting = useWaitingEvidence();

  // A drawer that opens takes focus to its tabs; Escape closes it and returns to its toggle.
  const wasOpen = useRef(open);
  useEffect(() => {
    if (drawer && open && !wasOpen.current)
      tablistRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    wasOpen.current = open;
  }, [drawer, open]);
  const closeDrawer = () => {
    setOpen(true, false);
    document.querySelector<HTMLElement>('[data-panel-toggle]')?.focus();
  };

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    event.preventDefault();
    showPanel(TABS[to]!.id);
    document.getElementById(tabId(TABS[to]!.id))?.focus();
  };

  if (!open) return null;
  return (
    <aside
      id={SIDE_PANEL_ID}
      className={`side-panel${drawer ? ' drawer' : ''}`}
      aria-label="Factors, actions and notes"
      onKeyDown={(event) => {
        if (drawer && event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          closeDrawer();
        }
      }}
    >
      <div className="side-panel-top">
        <div className="side-tabs" role="tablist" aria-label="Side panel" ref={tablistRef} onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              id={tabId(t.id)}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              aria-controls="side-tabpanel"
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => showPanel(t.id)}
            >
              {t.label}
              {t.id === 'inbox' && waiting > 0 ? <span className="tab-count"> {waiting}</span> : null}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={drawer ? 'Close panel' : 'Hide panel'}
          title={drawer ? 'Close (Escape)' : 'Hide the panel to widen the timeline'}
          onClick={() => (drawer ? closeDrawer() : setOpen(false, false))}
        >
          {drawer ? '×' : '»'}
        </button>
      </div>
      <div className="side-content" role="tabpanel" id="side-tabpanel" aria-labelledby={tabId(tab)} tabIndex={0}>
        {tab === 'factors' && <FactorsPanel />}
        {tab === 'actions' && <ActionsPanel />}
        {tab === 'notes' && <NotesPanel />}
        {tab === 'inbox' && <InboxPanel />}
        {tab === 'history' && <HistoryPanel />}
      </div>
    </aside>
  );
}

/** The header's button that shows or hides the side panel (the drawer on narrow screens). */
export function PanelToggle() {
  const drawer = useDrawerPanel();
  const open = useViewStore((s) => (drawer ? s.drawerOpen : s.dockedPanelOpen));
  const setOpen = useViewStore((s) => s.setPanelOpen);
  if (!drawer && open) return null; // the docked panel has its own "Hide" button
  return (
    <button
      type="button"
      data-panel-toggle=""
      aria-expanded={open}
      aria-controls={open ? SIDE_PANEL_ID : undefined}
      onClick={() => setOpen(drawer, !open)}
    >
      {drawer ? 'Factors & actions' : 'Show factors & actions'}
    </button>
  );
}
