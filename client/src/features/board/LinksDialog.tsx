import type { Role } from '@retrace/shared';
import { useRef, useState } from 'react';
import { CopyField } from '../../components/ui/CopyField';
import { addCoHostLink, rotateLink } from '../../lib/api';
import { rememberBoard } from '../../lib/recentBoards';
import { boardLink } from '../../lib/route';
import { useBoardContext, useBoardSnapshot } from './BoardContext';
import { ErrorNote } from '../../components/ui/ErrorNote';

const ROLE_TEXT: Record<Role, string> = {
  facilitator: 'Facilitator link (yours: whoever has it runs the session)',
  editor: 'Editor link (everyone taking part)',
  viewer: 'Viewer link (read-only)',
};

/**
 * Facilitator only: replace a link that leaked (posted in the wrong channel, a guest who
 * should leave). Everyone using the old link is disconnected at once and told why.
 */
export function LinksDialog({ token }: { token: string }) {
  const { session } = useBoardContext();
  const board = useBoardSnapshot();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<Partial<Record<Role, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [currentToken, setCurrentToken] = useState(token);
  const [coHost, setCoHost] = useState<string | null>(null);

  const addCoHost = async () => {
    setError(null);
    try {
      const { token: fresh } = await addCoHostLink(session.boardId, currentToken);
      setCoHost(boardLink(window.location.origin, session.boardId, fresh));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const rotate = async (role: Role) => {
    setError(null);
    try {
      const { token: fresh } = await rotateLink(session.boardId, currentToken, role);
      const link = boardLink(window.location.origin, session.boardId, fresh);
      setLinks((current) => ({ ...current, [role]: link }));
      if (role === 'facilitator') {
        // Keep working with the new link in this tab and remember it in this browser.
        setCurrentToken(fresh);
        rememberBoard({ id: session.boardId, title: board.meta.title, token: fresh, role });
        window.history.replaceState(null, '', link);
      }
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <>
      <button type="button" onClick={() => dialogRef.current?.showModal()}>
        Links
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby="links-heading">
        <h2 id="links-heading">Share links</h2>
        <p className="muted">
          Links are only shown when they are made. If one reached the wrong people, replace it: whoever uses the old
          link is disconnected at once.
        </p>
        {(['editor', 'viewer', 'facilitator'] as const).map((role) => (
          <div key={role} className="link-row">
            {links[role] ? (
              <CopyField label={`New ${ROLE_TEXT[role]}`} value={links[role]} />
            ) : (
              <p>
                {ROLE_TEXT[role]}{' '}
                <button type="button" onClick={() => void rotate(role)}>
                  Replace {role} link
                </button>
              </p>
            )}
          </div>
        ))}
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
          <button type="button" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
