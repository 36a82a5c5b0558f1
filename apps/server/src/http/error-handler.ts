import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTwinGraphError, toErrorData } from '@twingraph/model';
import { httpStatusFor, PROTOCOL_ERROR_CODES, type ApiError } from '@twingraph/protocol';
import { RouteMethods } from './route-methods.js';

/** Fastify's own errors by their code: which protocol code they become. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: PROTOCOL_ERROR_CODES.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_JSON_BODY: PROTOCOL_ERROR_CODES.BAD_REQUEST,
  FST_ERR_CTP_EMPTY_JSON_BODY: PROTOCOL_ERROR_CODES.BAD_REQUEST,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: PROTOCOL_ERROR_CODES.BAD_REQUEST,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: PROTOCOL_ERROR_CODES.BAD_REQUEST,
  FST_ERR_VALIDATION: PROTOCOL_ERROR_CODES.BAD_REQUEST,
};

/** Turns anything thrown into `{code, message, hint?, details?}` with the status from the one table. */
export function toApiError(error: unknown): { status: number; body: ApiError } {
  if (isTwinGraphError(error)) {
    return { status: httpStatusFor(error.code), body: strip({ code: error.code, message: error.message, hint: error.hint, details: error.details }) };
  }
  const fastifyError = error as Partial<FastifyError> & { statusCode?: number };
  const mapped = typeof fastifyError.code === 'string' ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped !== undefined) {
    const hint = mapped === PROTOCOL_ERROR_CODES.PAYLOAD_TOO_LARGE ? 'Send a smaller body.' : 'Send a JSON body (Content-Type: application/json).';
    return { status: httpStatusFor(mapped), body: { code: mapped, message: fastifyError.message ?? 'Bad request', hint } };
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return { status: 400, body: { code: PROTOCOL_ERROR_CODES.BAD_REQUEST, message: fastifyError.message ?? 'Bad request', hint: 'Send valid JSON.' } };
  }
  if (fastifyError.statusCode === 429) {
    return { status: 429, body: { code: PROTOCOL_ERROR_CODES.RATE_LIMITED, message: fastifyError.message ?? 'Too many requests', hint: 'Wait for the X-RateLimit-Reset seconds before retrying.' } };
  }
  const data = toErrorData(error);
  // Unexpected errors: the message may be internal detail, but it helps self-hosters more than it leaks.
  return { status: 500, body: { code: typeof data.code === 'string' && data.code.startsWith('ERR_') ? data.code : 'ERR_INTERNAL', message: data.message } };
}

function strip(error: { code: string; message: string; hint: string | undefined; details: Record<string, unknown> }): ApiError {
  return {
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(Object.keys(error.details).length === 0 ? {} : { details: error.details }),
  };
}

export function installErrorHandlers(app: FastifyInstance): void {
  const routes = new RouteMethods(app);
  const noRoute = (request: FastifyRequest, reply: FastifyReply): void => {
    const allowed = routes.allowed(request.url);
    if (allowed.length > 0) {
      void reply.status(405).header('allow', allowed.join(', ')).send({
        code: PROTOCOL_ERROR_CODES.METHOD_NOT_ALLOWED, message: `${request.method} is not allowed on ${request.url.split('?')[0]}`, hint: `Use one of: ${allowed.join(', ')}.`, details: { allowed },
      } satisfies ApiError);
      return;
    }
    void reply.status(404).send({ code: PROTOCOL_ERROR_CODES.ROUTE_NOT_FOUND, message: `No route ${request.method} ${request.url}`, hint: 'See /docs for the routes.' } satisfies ApiError);
  };
  app.setErrorHandler((error, request, reply) => {
    // A body the not-found route could not parse (e.g. QUERY without Content-Type): the route is what is wrong.
    if (request.is404) return noRoute(request, reply);
    const { status, body } = toApiError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler(noRoute);
}
