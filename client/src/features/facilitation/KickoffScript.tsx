import { replaceScript } from '@retrace/shared';
import { useBoardContext, useControl } from '../board/BoardContext';

/**
 * The kick-off script: the facilitator reads it out (and may adapt it per board); everyone
 * else can read along. Edits replace the shared text, which only facilitators can write.
 */
export function KickoffScript({ open }: { open: boolean }) {
  const { role, session } = useBoardContext();
  const { script } = useControl();
  return (
    <details className="kickoff-script" open={open}>
      <summary>Kick-off script</summary>
      {role === 'facilitator' ? (
        <textarea
          aria-label="Kick-off script"
          value={script}
          rows={6}
          maxLength={5_000}
          onChange={(event) => replaceScript(session.control.doc, event.target.value)}
        />
      ) : (
        <div className="script-text" data-testid="kickoff-script">
          {script}
        </div>
      )}
    </details>
  );
}
