import { useState } from 'react';
import { ActionsPanel } from '../actions/ActionsPanel';
import { FactorsPanel } from '../factors/FactorsPanel';
import { HistoryPanel } from '../history/HistoryPanel';
import { NotesPanel } from '../notes/NotesPanel';

const TABS = [
  { id: 'factors', label: 'Factors' },
  { id: 'actions', label: 'Actions' },
  { id: 'notes', label: 'Notes' },
  { id: 'history', label: 'History' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Factors, follow-up actions and notes beside the timeline. */
export function SidePanel() {
  const [tab, setTab] = useState<Tab>('factors');
  const [open, setOpen] = useState(true);
  return (
    <aside className={`side-panel${open ? '' : ' collapsed'}`} aria-label="Factors, actions and notes">
      <div className="side-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={open && tab === t.id}
            onClick={() => {
              setTab(t.id);
              setOpen(true);
            }}
          >
            {t.label}
          </button>
        ))}
        <button
          type="button"
          className="icon-button"
          aria-label={open ? 'Hide panel' : 'Show panel'}
          onClick={() => setOpen((v) => !v)}
        >
          {open ? '»' : '«'}
        </button>
      </div>
      {open && (
        <div className="side-content" role="tabpanel">
          {tab === 'factors' && <FactorsPanel />}
          {tab === 'actions' && <ActionsPanel />}
          {tab === 'notes' && <NotesPanel />}
          {tab === 'history' && <HistoryPanel />}
        </div>
      )}
    </aside>
  );
}
