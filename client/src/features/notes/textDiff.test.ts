import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from './textDiff';

describe('replaceText', () => {
  it('applies the smallest edit and keeps a concurrent edit elsewhere', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'rollback was quick');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceText(a.getText('t'), 'rollback was very quick');
    replaceText(b.getText('t'), 'The rollback was quick');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('The rollback was very quick');
    expect(b.getText('t').toString()).toBe('The rollback was very quick');
  });

  it('handles deletions, replacements and no-ops', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    replaceText(text, 'abcdef');
    replaceText(text, 'abXYef');
    expect(text.toString()).toBe('abXYef');
    replaceText(text, 'ef');
    expect(text.toString()).toBe('ef');
    replaceText(text, 'ef');
    replaceText(text, '');
    expect(text.toString()).toBe('');
  });
});
