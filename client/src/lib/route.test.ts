import { describe, expect, it } from 'vitest';
import { boardLink, parseRoute } from './route';

describe('routes', () => {
  it('reads the board id from the path and the token from the fragment only', () => {
    expect(parseRoute('/b/abc123', '#t=tok_en-1')).toEqual({ page: 'board', boardId: 'abc123', token: 'tok_en-1' });
    expect(parseRoute('/b/abc123', '')).toEqual({ page: 'board', boardId: 'abc123', token: null });
    expect(parseRoute('/', '#t=x')).toEqual({ page: 'home' });
    expect(parseRoute('/b/../etc', '')).toEqual({ page: 'home' });
    expect(parseRoute('/library', '')).toEqual({ page: 'library' });
  });

  it('builds share links that keep the token in the fragment', () => {
    const link = boardLink('https://retrace.example', 'abc123', 'secret');
    expect(link).toBe('https://retrace.example/b/abc123#t=secret');
    const url = new URL(link);
    expect(url.pathname + url.search).not.toContain('secret');
  });
});
