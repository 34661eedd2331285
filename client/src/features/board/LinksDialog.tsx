import type { Role } from '@retrace/shared';
import { useState } from 'react';
import { CopyField } from '../../components/ui/CopyField';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { addCoHostLink, rotateLink } from '../../lib/api';
import { LINK_GUIDE, LINK_ORDER } from '../../lib/linkRoles';
import { loadRecentBoards, rememberBoard } from '../../lib/recentBoards';
import { boardLink } from '../../lib/route';
import { useModalDialog } from '../../stores/dialogStore';
import { useBoardContext, useBoardSnapshot } from './BoardContext';

/**
 * Facilitator only: the board's links, the one for the call chat first (when this browser
 * knows them: it created the board or replaced the link), and replacing a link that leaked.
 * Everyone using a replaced link is disconnected at once and told why.
 */
export function LinksDialog({ token }: { token: string }) {
  const { session } = useBoardContext();
  const board = useBoardSnapshot();
  const [known, setKnown] = useState<Readonly<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [currentToken, setCurrentToken] = useState(token);
  const [coHost, setCoHost] = useState<string | null>(null);
  const { ref: dialogRef, close } = useModalDialog('links', () => {
    const entry = loadRecentBoards().find((recent) => recent.id === session.boardId);
    setKnown({ ...entry?.tokens, facilitator: currentToken });
  });
  const linkOf = (role: Role) => (known[role] ? boardLink(window.location.origin, session.boardId, known[role]) : null);

  const addCoHost = async () => {
    setError(null);
    try {
      const { token: fresh } = await addCoHostLink(session.boardId, currentToken);
      setCoHost(boardLink(window.location.origin, session.boardId, fresh));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const replace = async (role: Role) => {
    setError(null);
    try {
      const { token: fresh } = await rotateLink(session.boardId, currentToken, role);
      setKnown((current) => ({ ...current, [role]: fresh }));
      const mine = role === 'facilitator' ? fresh : currentToken;
      rememberBoard({
        id: session.boardId,
        title: board.meta.title,
        token: mine,
        role: 'facilitator',
        tokens: { [role]: fresh },
      });
      if (role === 'facilitator') {
        // Keep working with the new link in this tab.
        setCurrentToken(fresh);
        window.history.replaceState(null, '', boardLink(window.location.origin, session.boardId, fresh));
      }
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <dialog ref={dialogRef} className="dialog links-dialog" aria-labelledby="links-heading">
      <h2 id="links-heading">Share links</h2>
      <p className="muted">
        Paste the editor link into the call chat. If a link reached the wrong people, replace it: whoever uses the old
        link is disconnected at once.
      </p>
      {LINK_ORDER.map((role) => {
        const link = linkOf(role);
        return (
          <div key={role} className="link-row">
            {link ? (
              <CopyField
                label={LINK_GUIDE[role].label}
                value={link}
                hint={LINK_GUIDE[role].use}
                copyLabel={LINK_GUIDE[role].copy}
              />
            ) : (
              <>
                <p className="link-label">{LINK_GUIDE[role].label}</p>
                <p className="hint">
                  {LINK_GUIDE[role].use} This browser did not create the board, so it cannot show the link: replace it
                  to get a new one (the old one stops working).
                </p>
              </>
            )}
            <button type="button" className="link-replace" onClick={() => void replace(role)}>
              Replace {role} link
            </button>
          </div>
        );
      })}
      <div className="link-row">
        {coHost ? (
          <CopyField label="Co-host link (a second facilitator; to hand over, share it and leave)" value={coHost} />
        ) : (
          <p>
            Co-host or hand over the session: a second facilitator link; yours keeps working.{' '}
            <button type="button" onClick={() => void addCoHost()}>
              Create co-host link
            </button>
          </p>
        )}
      </div>
      <ErrorNote message={error} />
      <div className="dialog-buttons">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
