import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installSafeGraphBinaryReader } from './safe-graphbinary-reader.js';

const { graphBinaryReader } = createRequire(import.meta.url)('gremlin/lib/structure/io/binary/GraphBinary.js') as { graphBinaryReader: { readResponse(b: Buffer): unknown } };

/** A GraphBinary response whose data has a type code (0x2b, Tree) the Node driver cannot decode. */
function undecodableResponse(requestId: string): Buffer {
  const status = Buffer.alloc(4);
  status.writeInt32BE(200);
  return Buffer.concat([
    Buffer.from([0x81, 0x00]), Buffer.from(requestId.replace(/-/g, ''), 'hex'),
    status, Buffer.from([0x01]), // status message: null
    Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0, 0]), // attributes, meta: empty maps
    Buffer.from([0x2b, 0x00, 0, 0, 0, 0]),
  ]);
}

describe('installSafeGraphBinaryReader', () => {
  it('turns an undecodable answer into a failed answer to its own request instead of throwing', () => {
    const id = '2b1c5f0e-8a7d-4c3b-9e21-0f6a5d4c3b2a';
    expect(() => graphBinaryReader.readResponse(undecodableResponse(id))).toThrow(/unknown \{type_code\}/);
    installSafeGraphBinaryReader();
    expect(graphBinaryReader.readResponse(undecodableResponse(id))).toMatchObject({
      requestId: id,
      status: { code: 500, message: expect.stringContaining('cannot decode') },
      result: { data: null },
    });
  });
});
