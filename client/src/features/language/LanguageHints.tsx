import type { LanguageFinding } from '@retrace/shared';
import { useEffect, useMemo, useState } from 'react';
import { useBoardSnapshot, usePeers } from '../board/BoardContext';
import { findingsNow, requestFindings } from './languageChecker';

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

const NO_FINDINGS: readonly LanguageFinding[] = [];

/**
 * The hints for `text`, a moment after it changes (checked in the worker). While a text is
 * re-checked, the hints of the previous text stay if they still fit it, so they do not blink.
 */
export function useLanguageFindings(text: string, names: readonly string[] = []): readonly LanguageFinding[] {
  const [shown, setShown] = useState<readonly LanguageFinding[]>(NO_FINDINGS);
  const known = findingsNow(text, { names });
  useEffect(() => {
    if (known) return;
    return requestFindings(text, { names }, () => setShown(findingsNow(text, { names }) ?? NO_FINDINGS));
  }, [known, text, names]);
  return known ?? shown.filter((f) => f.sentenceEnd <= text.length);
}

/**
 * Gentle, never-blocking hints under a text field while someone types, each with a
 * rewording of that sentence that `onReword` puts in place with one click. `onDismiss`
 * keeps the wording (for a card: for everyone on the board).
 */
export function LanguageHints({
  text,
  onDismiss,
  onReword,
}: {
  text: string;
  onDismiss?: () => void;
  onReword?: (next: string) => void;
}) {
  const names = useBoardNames();
  const findings = useLanguageFindings(text, names);
  const [hidden, setHidden] = useState<string | null>(null);
  if (findings.length === 0 || hidden === text) return null;
  return (
    <div className="language-hints" role="status" aria-live="polite" onPointerDown={(e) => e.stopPropagation()}>
      {findings.slice(0, 2).map((finding) => (
        <HintText key={`${finding.rule}-${finding.start}`} text={text} finding={finding} onReword={onReword} />
      ))}
      <button
        type="button"
        className="link-button"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          setHidden(text);
          onDismiss?.();
        }}
      >
        Keep our wording
      </button>
    </div>
  );
}

/** One hint: the words it is about, why, and a rewording to take or leave. */
export function HintText({
  text,
  finding,
  onReword,
}: {
  text: string;
  finding: LanguageFinding;
  onReword?: ((next: string) => void) | undefined;
}) {
  const rewording = finding.rewording;
  return (
    <div className="language-hint">
      <p>
        <strong>“{text.slice(finding.start, finding.end)}”</strong> {finding.message}
      </p>
      {rewording ? (
        <p>
          Perhaps: <em>{rewording}</em>{' '}
          {onReword && (
            <button
              type="button"
              className="link-button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() =>
                onReword(`${text.slice(0, finding.sentenceStart)}${rewording}${text.slice(finding.sentenceEnd)}`)
              }
            >
              Use this wording
            </button>
          )}
        </p>
      ) : (
        <p>
          <em>{finding.suggestion}</em>
        </p>
      )}
    </div>
  );
}
