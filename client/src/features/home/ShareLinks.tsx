import { CopyField } from '../../components/ui/CopyField';
import type { CreatedBoard } from '../../lib/api';
import { LINK_GUIDE, LINK_ORDER } from '../../lib/linkRoles';
import { boardLink } from '../../lib/route';

/** The three capability links of a new board, the one for the call chat first. */
export function ShareLinks({ board, title }: { board: CreatedBoard; title: string }) {
  const origin = window.location.origin;
  const facilitator = boardLink(origin, board.id, board.tokens.facilitator);
  return (
    <section className="card-panel" aria-labelledby="links-heading">
      <h2 id="links-heading">“{title}” is ready</h2>
      <p>
        Paste the <strong>editor link</strong> into the call chat. Anyone with a link joins without an account. This
        browser remembers the links: the board’s <em>Links</em> button shows them again.
      </p>
      {LINK_ORDER.map((role) => (
        <CopyField
          key={role}
          label={LINK_GUIDE[role].label}
          value={boardLink(origin, board.id, board.tokens[role])}
          hint={LINK_GUIDE[role].use}
          copyLabel={LINK_GUIDE[role].copy}
        />
      ))}
      <a className="button primary" href={facilitator}>
        Open the board as facilitator
      </a>
    </section>
  );
}
