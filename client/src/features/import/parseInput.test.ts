import { describe, expect, it } from 'vitest';
import { detectSource } from './parseInput';

describe('detectSource', () => {
  it('recognises Slack JSON, CSV with a header, and plain chat logs', () => {
    expect(detectSource('[{"ts":"1","text":"x"}]')).toBe('slack');
    expect(detectSource('[\n  {"ts": "1"}\n]')).toBe('slack');
    expect(detectSource('time,lane,kind,text\n14:00,Ops,event,x')).toBe('csv');
    expect(detectSource('Text,Time\nx,14:00')).toBe('csv');
    expect(detectSource('[14:32] alice: restarted the pods')).toBe('chat');
  });
});
