import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { Principal } from '../auth/auth-service.js';
import type { EventHub } from '../ws/event-hub.js';
import { createResolvers, EXECUTION_EVENTS_TOPIC, executionEventPayload, GRAPHQL_SDL, type GraphqlServices } from './graphql-resolvers.js';

/**
 * `/graphql` (mercurius): queries, mutations, and subscriptions over WebSocket (graphql-ws on the
 * same path). The HTTP auth hook admits viewers to `/graphql` (and checks the subscription upgrade);
 * mutations check for editor themselves.
 */
export async function registerGraphql(app: FastifyInstance, services: GraphqlServices, hub: EventHub): Promise<() => void> {
  await app.register(mercurius, {
    schema: GRAPHQL_SDL,
    resolvers: createResolvers(services),
    path: '/graphql',
    graphiql: false,
    // Auth failures in the HTTP hook keep their REST status and body (401/403 + {code, message}),
    // instead of mercurius' 200 with a GraphQL error; resolver errors still come back as GraphQL errors.
    errorHandler: false,
    context: (request) => ({ principal: request.principal }),
    subscription: {
      context: (_socket, request) => ({ principal: (request as { principal?: Principal }).principal }),
    },
  });
  return hub.on((event) => {
    void app.graphql.pubsub.publish({ topic: EXECUTION_EVENTS_TOPIC, payload: executionEventPayload(event) });
  });
}
