import { createRequire } from 'node:module';

interface Reader {
  readResponse(buffer: Buffer): unknown;
  ioc: { uuidSerializer: { deserialize(buffer: Buffer, fullyQualified: boolean, nullable: boolean): { v: unknown } } };
}

const { graphBinaryReader } = createRequire(import.meta.url)('gremlin/lib/structure/io/binary/GraphBinary.js') as { graphBinaryReader: Reader };
let installed = false;

/**
 * The driver decodes responses inside its WebSocket message handler, where a result type it has no
 * decoder for (Tree, TraversalMetrics, provider types) throws out of the handler and takes the whole
 * process down. This turns such a response into a failed answer to its own request (status 500 with the
 * reason), so a raw query returning an unusual type fails alone with ERR_GRAPH_QUERY_FAILED.
 */
export function installSafeGraphBinaryReader(): void {
  if (installed) return;
  installed = true;
  const original = graphBinaryReader.readResponse.bind(graphBinaryReader);
  graphBinaryReader.readResponse = (buffer: Buffer): unknown => {
    try {
      return original(buffer);
    } catch (error) {
      // Layout: version byte, then the request id as a nullable UUID.
      let requestId: unknown = null;
      try {
        requestId = graphBinaryReader.ioc.uuidSerializer.deserialize(buffer.subarray(1), false, true).v;
      } catch {
        // No request id: the driver fails every pending request, as for a server-side serialization error.
      }
      const reason = error instanceof Error ? error.message.split(':').pop()?.trim() ?? error.message : String(error);
      return {
        requestId,
        status: { code: 500, message: `the answer holds a type the Node.js Gremlin driver cannot decode (${reason}); return values, maps or lists instead`, attributes: new Map() },
        result: { meta: new Map(), data: null },
      };
    }
  };
}
