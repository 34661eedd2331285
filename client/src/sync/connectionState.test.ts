import { describe, expect, it } from 'vitest';
import {
  describeConnection,
  finalCloseMessage,
  initialConnectionState,
  refusedChangeMessage,
  serverIsSaving,
  serverState,
} from './connectionState';

describe('connection state', () => {
  it('says plainly when offline and how many changes wait', () => {
    expect(describeConnection({ ...initialConnectionState, status: 'offline', pending: 3 })).toBe(
      'Offline — 3 changes waiting, saved on this device',
    );
    expect(describeConnection({ ...initialConnectionState, status: 'offline', pending: 1 })).toMatch(
      /1 change waiting/,
    );
    expect(describeConnection({ ...initialConnectionState, status: 'connected' })).toBe('Connected');
  });

  it('says when the server is not saving, from its awareness state', () => {
    expect(serverIsSaving([{ user: {} }, null])).toBe(true);
    expect(serverIsSaving([{ user: {} }, { retraceServer: { saving: false } }])).toBe(false);
    expect(serverState([{ retraceServer: { saving: true, status: 'published' } }])).toEqual({
      saving: true,
      status: 'published',
    });
    expect(serverState([{ retraceServer: { saving: true, status: 'bogus' } }])).toEqual({ saving: true, status: null });
    expect(describeConnection({ ...initialConnectionState, status: 'connected', serverSaving: false })).toMatch(
      /cannot save/,
    );
  });

  it('stops retrying only where retrying cannot help', () => {
    expect(finalCloseMessage(4403)).toMatch(/replaced by the facilitator/);
    expect(finalCloseMessage(4404)).toMatch(/does not exist/);
    expect(finalCloseMessage(4400)).toMatch(/Reload the page/);
    expect(finalCloseMessage(4029)).toBeNull(); // rate limited: the client backs off and retries
    expect(finalCloseMessage(4000)).toBeNull(); // server restarting
    expect(finalCloseMessage(1006)).toBeNull();
  });

  it('treats a refused change as a reason to drop the local copy, not to retry or give up', () => {
    expect(refusedChangeMessage(4424)?.message).toMatch(/published before your last changes/);
    expect(refusedChangeMessage(4423)?.message).toMatch(/can only view/);
    expect(refusedChangeMessage(1009)?.message).toMatch(/too large/); // the socket's own limit
    expect(refusedChangeMessage(4409)).toMatchObject({ frozen: true });
    expect(refusedChangeMessage(4403)).toBeNull(); // a replaced link is final, not a refused change
    expect(refusedChangeMessage(4010)).toBeNull(); // resync: reconnecting is the cure
    expect(describeConnection({ ...initialConnectionState, status: 'discarding' })).toMatch(/Reopening/);
  });
});
