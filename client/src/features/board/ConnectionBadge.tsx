import { describeConnection } from '../../sync/connectionState';
import { useConnection } from './BoardContext';

/** Always visible: connected, reconnecting, or offline with the number of waiting changes. */
export function ConnectionBadge() {
  const connection = useConnection();
  return (
    <p
      className={`connection connection-${connection.status}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      <span className="dot" aria-hidden="true" />
      {describeConnection(connection)}
    </p>
  );
}
