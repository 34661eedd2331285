import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_PX_PER_MINUTE, resetViewStore, useViewStore } from './viewStore';

describe('view store', () => {
  beforeEach(resetViewStore);

  it('zooming by hand leaves auto-fit, fitting returns to it, zoom is bounded', () => {
    useViewStore.getState().zoom(2);
    expect(useViewStore.getState()).toMatchObject({ pxPerMinute: 16, autoFit: false });
    useViewStore.getState().applyFittedZoom(3);
    expect(useViewStore.getState()).toMatchObject({ pxPerMinute: 3, autoFit: true });
    useViewStore.getState().zoom(1000);
    expect(useViewStore.getState().pxPerMinute).toBe(MAX_PX_PER_MINUTE);
  });

  it('switches views and remembers what is being edited', () => {
    useViewStore.getState().setMode('list');
    useViewStore.getState().setEditing('c1');
    expect(useViewStore.getState()).toMatchObject({ mode: 'list', editingCardId: 'c1' });
  });

  it('"Fit" asks for a fit even while fitting, and stops following someone', () => {
    useViewStore.getState().setFollowing(7);
    const before = useViewStore.getState().fitRequest;
    useViewStore.getState().requestFit();
    useViewStore.getState().requestFit();
    expect(useViewStore.getState()).toMatchObject({ fitRequest: before + 2, autoFit: true, following: null });
  });

  it('remembers which cards to bring into view and highlight', () => {
    useViewStore.getState().revealCards(['a', 'b']);
    expect(useViewStore.getState().revealed.ids).toEqual(['a', 'b']);
    expect([...useViewStore.getState().highlighted]).toEqual(['a', 'b']);
    useViewStore.getState().clearHighlight();
    expect(useViewStore.getState().highlighted.size).toBe(0);
  });
});
