import { CopyField } from '../../components/ui/CopyField';
import type { CreatedBoard } from '../../lib/api';
import { boardLink } from '../../lib/route';

/** The three capability links of a new board. */
export function ShareLinks({ board, title }: { board: CreatedBoard; title: string }) {
  const origin = window.location.origin;
  const facilitator = boardLink(origin, board.id, board.tokens.facilitator);
  return (
    <section className="card-panel" aria-labelledby="links-heading">
      <h2 id="links-heading">“{title}” is ready</h2>
      <p>
        Share the links in the call chat. Anyone with a link can join without an account; keep the facilitator link to
        yourself.
      </p>
      <CopyField label="Facilitator link" value={facilitator} hint="Runs the session: phases, timer, reveal." />
      <CopyField
        label="Editor link"
        value={boardLink(origin, board.id, board.tokens.editor)}
        hint="For everyone who takes part."
      />
      <CopyField
        label="Viewer link"
        value={boardLink(origin, board.id, board.tokens.viewer)}
        hint="Read-only, for stakeholders."
      />
      <a className="button primary" href={facilitator}>
        Open the board as facilitator
      </a>
    </section>
  );
}
