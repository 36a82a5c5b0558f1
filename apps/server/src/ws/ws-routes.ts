import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { PROTOCOL_ERROR_CODES, wsClientMessageSchema, type ApiError, type WsEvent, type WsServerMessage } from '@twingraph/protocol';
import { toApiError } from '../http/error-handler.js';
import type { SecretMasker } from '@twingraph/core';
import type { EventHub } from './event-hub.js';

/** Bytes queued on one socket beyond which it is closed (1013) rather than buffered further. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** What one socket follows. */
class Subscription {
  all = false;
  readonly executions = new Set<string>();
  matches(event: WsEvent): boolean {
    return this.all || this.executions.has(event.executionId);
  }
}

/**
 * `/ws`: authenticated on upgrade by the same onRequest hook as REST (header or `?token=`).
 * Events are sent in hub order; a subscribe with `resumeFrom` replays the buffered events first.
 * Replay and live delivery cannot interleave wrongly because both run synchronously on one thread.
 */
export function registerWsRoutes(app: FastifyInstance, hub: EventHub, masker: SecretMasker): void {
  app.get('/ws', { websocket: true, schema: { tags: ['events'], summary: 'WebSocket of execution events (see docs/api.md)' } }, (socket: WebSocket, request) => {
    const subscription = new Subscription();
    // Highest event id sent on this socket: a replay and the live stream never send one twice.
    let lastSent = 0;
    const send = (message: WsServerMessage): void => {
      if (socket.readyState !== socket.OPEN) return;
      // A client that does not read would make the server buffer without bound: drop it instead;
      // it reconnects with resumeFrom and gets the missed events from the hub's buffer.
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'too slow: reconnect with resumeFrom');
        return;
      }
      socket.send(masker.mask(JSON.stringify(message)));
    };
    const sendEvent = (event: WsEvent): void => {
      if (event.id <= lastSent || !subscription.matches(event)) return;
      lastSent = event.id;
      send(event);
    };
    const fail = (error: ApiError): void => send({ type: 'error', error });
    const off = hub.on(sendEvent);
    socket.on('close', off);
    socket.on('message', (raw: Buffer) => {
      let message;
      try {
        message = wsClientMessageSchema.parse(JSON.parse(raw.toString('utf8')));
      } catch (error) {
        fail(error instanceof SyntaxError ? { code: PROTOCOL_ERROR_CODES.BAD_REQUEST, message: 'A message must be JSON' } : { ...toApiError(error).body, code: PROTOCOL_ERROR_CODES.BAD_REQUEST });
        return;
      }
      if (message.type === 'ping') return send({ type: 'pong', lastEventId: hub.lastId });
      const target = message.all === true ? 'all' : message.executionId;
      if (target === undefined) return fail({ code: PROTOCOL_ERROR_CODES.BAD_REQUEST, message: 'Name an executionId or set all: true' });
      if (message.type === 'unsubscribe') {
        if (target === 'all') subscription.all = false;
        else subscription.executions.delete(target);
        return send({ type: 'unsubscribed', ...(target === 'all' ? { all: true } : { executionId: target }) });
      }
      if (target === 'all') subscription.all = true;
      else subscription.executions.add(target);
      let replayed = 0;
      if (message.resumeFrom !== undefined) {
        const missed = hub.since(message.resumeFrom);
        if (missed === undefined) {
          fail({ code: PROTOCOL_ERROR_CODES.RESUME_GAP, message: `Events after ${message.resumeFrom} are no longer buffered (oldest is ${hub.oldestId})`, hint: 'Reload the execution over REST, then subscribe without resumeFrom.', details: { oldestId: hub.oldestId } });
        } else {
          // Events the client already has (≤ resumeFrom) are never resent.
          lastSent = Math.max(lastSent, message.resumeFrom);
          for (const event of missed) {
            if (event.id > lastSent && subscription.matches(event)) replayed++;
            sendEvent(event);
          }
        }
      }
      request.log.debug({ target, replayed }, 'ws subscribe');
      send({ type: 'subscribed', ...(target === 'all' ? { all: true } : { executionId: target }), replayed, lastEventId: hub.lastId });
    });
  });
}
