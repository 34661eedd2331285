import { checkLanguage, type LanguageFinding } from '@retrace/shared';
import { useMemo, useState } from 'react';
import { useBoardSnapshot, usePeers } from '../board/BoardContext';

/** Names of the people on the board (person lanes and who is here), for the checker. */
export function useBoardNames(): readonly string[] {
  const board = useBoardSnapshot();
  const peers = usePeers();
  const next = useMemo(() => {
    const names = new Set<string>();
    for (const lane of board.lanes) if (lane.kind === 'person') names.add(lane.name.split(/[\s(]/)[0]!);
    for (const peer of peers) names.add(peer.user.name.split(/\s/)[0]!);
    return [...names].filter((name) => name.length >= 2);
  }, [board.lanes, peers]);
  // The same names keep the same array: every card's wording hints depend on it, and people
  // come, go and change their presence far more often than the names change.
  const key = next.join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => next, [key]);
}

export function useLanguageFindings(text: string): LanguageFinding[] {
  const names = useBoardNames();
  return useMemo(() => checkLanguage(text, { names }), [text, names]);
}

/**
 * Gentle, never-blocking hints under a text field while someone types. `onDismiss` keeps
 * the wording (for a card: for everyone on the board).
 */
export function LanguageHints({ text, onDismiss }: { text: string; onDismiss?: () => void }) {
  const findings = useLanguageFindings(text);
  const [hidden, setHidden] = useState(false);
  if (findings.length === 0 || hidden) return null;
  return (
    <div className="language-hints" role="status" aria-live="polite" onPointerDown={(e) => e.stopPropagation()}>
      {findings.slice(0, 2).map((finding) => (
        <p key={`${finding.rule}-${finding.start}`} className="language-hint">
          <strong>“{text.slice(finding.start, finding.end)}”</strong> {finding.message} <em>{finding.suggestion}</em>
        </p>
      ))}
      <button
        type="button"
        className="link-button"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          setHidden(true);
          onDismiss?.();
        }}
      >
        Keep this wording
      </button>
    </div>
  );
}
