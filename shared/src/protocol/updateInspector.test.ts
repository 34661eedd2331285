import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from './updateInspector';

/** A document using every kind of content Yjs can put in a v1 update. */
function richDoc(): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  const text = doc.getText('text');
  text.insert(0, 'hello world');
  text.format(0, 5, { bold: true });
  text.insertEmbed(5, { image: 'x.png' });
  text.delete(6, 3); // deletions and GC structs
  const map = doc.getMap('map');
  map.set('number', 42);
  map.set('negative', -7);
  map.set('float', 1.5);
  map.set('big', 2n ** 40n);
  map.set('bytes', new Uint8Array([1, 2, 3]));
  map.set('nested', { a: [1, { b: null, c: true, d: false, e: undefined }], s: 'ü' });
  map.set('deleted', 'x');
  map.delete('deleted');
  const nestedMap = new Y.Map<unknown>();
  map.set('childMap', nestedMap);
  nestedMap.set('k', 'v');
  const array = doc.getArray<unknown>('array');
  array.insert(0, [1, 'two', { three: 3 }]);
  array.insert(1, [new Y.Text('inner')]);
  return doc;
}

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) part(encoder);
  return encoding.toUint8Array(encoder);
}

describe('update inspector', () => {
  it('accepts real updates of every content type, whole and incremental', () => {
    const doc = richDoc();
    const full = inspectUpdate(Y.encodeStateAsUpdate(doc));
    expect(full).toMatchObject({ ok: true });
    const before = Y.encodeStateVector(doc);
    doc.getText('text').insert(0, 'more ');
    doc.getArray('array').delete(0, 1);
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc, before))).toMatchObject({ ok: true });
    expect(inspectUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toMatchObject({ ok: true, structs: 0, deletes: 0 });
    // Sub-documents and XML types are refused outright: boards never use them.
    const xml = new Y.Doc();
    xml.getXmlFragment('xml').insert(0, [new Y.XmlElement('p')]);
    expect(inspectUpdate(Y.encodeStateAsUpdate(xml))).toEqual({ ok: false, reason: 'XML types are not accepted' });
    doc.getMap('map').set('subdoc', new Y.Doc({ guid: 'sub' }));
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc))).toEqual({ ok: false, reason: 'sub-documents are not accepted' });
  });

  it('accepts updates with skip structs (merged updates with gaps)', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'a');
    doc.getText('t').insert(1, 'b');
    doc.getText('t').insert(2, 'c');
    expect(inspectUpdate(Y.mergeUpdates([updates[0]!, updates[2]!]))).toMatchObject({ ok: true });
  });

  it('rejects every truncation of a real update without throwing', () => {
    const update = Y.encodeStateAsUpdate(richDoc());
    for (let cut = 0; cut < update.length; cut++) {
      const result = inspectUpdate(update.subarray(0, cut));
      if (result.ok) {
        // A cut that happens to be a complete, shorter update must also be decodable.
        expect(() => Y.decodeUpdate(update.subarray(0, cut))).not.toThrow();
      }
    }
  });

  it('rejects empty, trailing, unknown and oversized structures with a reason', () => {
    expect(inspectUpdate(new Uint8Array())).toEqual({ ok: false, reason: 'empty update' });
    const valid = Y.encodeStateAsUpdate(richDoc());
    expect(inspectUpdate(new Uint8Array([...valid, 0]))).toEqual({
      ok: false,
      reason: 'trailing bytes after the update',
    });
    const hugeCount = frame((e) => encoding.writeVarUint(e, 2 ** 31));
    expect(inspectUpdate(hugeCount)).toMatchObject({ ok: false, reason: 'client count larger than the update' });
    // One client, one struct of an unknown content type (ref 17).
    const unknownContent = frame(
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint(e, 5),
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeUint8(e, 17 | 0x80),
      (e) => encoding.writeVarUint(e, 6),
      (e) => encoding.writeVarUint(e, 0),
    );
    expect(inspectUpdate(unknownContent)).toMatchObject({ ok: false, reason: 'unknown content type 17' });
  });

  it('rejects deeply nested content before Yjs recurses into it', () => {
    const doc = new Y.Doc();
    let value: unknown = 'leaf';
    for (let i = 0; i < 40; i++) value = [value];
    doc.getMap('m').set('deep', value);
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc))).toEqual({ ok: false, reason: 'content nested too deeply' });
    let shallow: unknown = 'leaf';
    for (let i = 0; i < 20; i++) shallow = { inner: shallow };
    const ok = new Y.Doc();
    ok.getMap('m').set('nested', shallow);
    expect(inspectUpdate(Y.encodeStateAsUpdate(ok))).toMatchObject({ ok: true });
  });

  it('terminates on thousands of random and mutated inputs, accepting only well-formed ones', () => {
    let seed = 99;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const valid = Y.encodeStateAsUpdate(richDoc());
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const input =
        i % 2 === 0
          ? Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256))
          : valid.map((byte) => (random() < 0.02 ? Math.floor(random() * 256) : byte));
      const result = inspectUpdate(input);
      if (result.ok) accepted++;
    }
    expect(accepted).toBeLessThan(5_000);
  });
});
