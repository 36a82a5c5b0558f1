import { context as otelContext, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Engine } from '@twingraph/core';
import type { ErrorData, NodeStatusEvent, RunEvent } from '@twingraph/model';

/** Attribute names on TwinGraph spans. */
export const SPAN_ATTRIBUTES = {
  runId: 'twingraph.run.id',
  pipeline: 'twingraph.pipeline',
  runStatus: 'twingraph.run.status',
  executionId: 'twingraph.execution.id',
  component: 'twingraph.component.name',
  platform: 'twingraph.component.platform',
  status: 'twingraph.component.status',
  hash: 'twingraph.component.hash',
  attempts: 'twingraph.component.attempts',
  cachedFrom: 'twingraph.component.cached_from',
  errorCode: 'twingraph.error.code',
} as const;

const FINAL = new Set(['succeeded', 'failed', 'skipped', 'cached', 'cancelled']);

/**
 * OpenTelemetry spans from the engine's events: one span per run (`twingraph.run <pipeline>`), the
 * parent of one span per component execution (`twingraph.component <name>`), timed by the events'
 * own timestamps. A component span starts when the component starts running (or is queued), and ends
 * at its final status; failures carry the error as an exception event and ERROR status. Runs this
 * process resumes or that end without a run.finished (process killed) simply have no end here.
 */
export class RunTracer {
  private readonly runs = new Map<string, Span>();
  private readonly components = new Map<string, Span>();
  private readonly unsubscribe: () => void;

  constructor(engine: Engine, private readonly tracer: Tracer) {
    this.unsubscribe = engine.on((event) => this.onEvent(event));
  }

  close(): void {
    this.unsubscribe();
    // Spans still open (server stopping mid-run) are ended so they are exported, marked as interrupted.
    for (const span of [...this.components.values(), ...this.runs.values()]) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'interrupted: the server stopped' });
      span.end();
    }
    this.components.clear();
    this.runs.clear();
  }

  private onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run.started': {
        const span = this.tracer.startSpan(`twingraph.run ${event.pipeline}`, {
          kind: SpanKind.INTERNAL, startTime: new Date(event.at), root: true,
          attributes: { [SPAN_ATTRIBUTES.runId]: event.runId, [SPAN_ATTRIBUTES.pipeline]: event.pipeline },
        }, ROOT_CONTEXT);
        this.runs.set(event.runId, span);
        return;
      }
      case 'node.status':
        return this.onNodeStatus(event);
      case 'node.retry':
        this.components.get(event.executionId)?.addEvent('retry', { attempt: event.attempt, 'delay.ms': event.delayMs, [SPAN_ATTRIBUTES.errorCode]: event.error.code, message: event.error.message }, new Date(event.at));
        return;
      case 'run.finished': {
        const span = this.runs.get(event.runId);
        if (span === undefined) return;
        this.runs.delete(event.runId);
        span.setAttribute(SPAN_ATTRIBUTES.runStatus, event.status);
        if (event.status === 'succeeded') span.setStatus({ code: SpanStatusCode.OK });
        else recordError(span, event.error, `run ${event.status}`, event.at);
        span.end(new Date(event.at));
        return;
      }
      default:
        return;
    }
  }

  private onNodeStatus(event: NodeStatusEvent): void {
    let span = this.components.get(event.executionId);
    if (span === undefined) {
      const run = this.runs.get(event.runId);
      const parent = run === undefined ? ROOT_CONTEXT : trace.setSpan(otelContext.active(), run);
      span = this.tracer.startSpan(`twingraph.component ${event.name}`, {
        kind: SpanKind.INTERNAL, startTime: new Date(event.at),
        attributes: {
          [SPAN_ATTRIBUTES.runId]: event.runId, [SPAN_ATTRIBUTES.executionId]: event.executionId, [SPAN_ATTRIBUTES.component]: event.name,
          [SPAN_ATTRIBUTES.platform]: event.platform, [SPAN_ATTRIBUTES.hash]: event.hash,
        },
      }, parent);
      this.components.set(event.executionId, span);
    }
    if (!FINAL.has(event.status)) return;
    this.components.delete(event.executionId);
    span.setAttributes({ [SPAN_ATTRIBUTES.status]: event.status, [SPAN_ATTRIBUTES.attempts]: event.attempt });
    if (event.cachedFrom !== undefined) span.setAttribute(SPAN_ATTRIBUTES.cachedFrom, event.cachedFrom);
    if (event.status === 'failed' || event.status === 'cancelled') recordError(span, event.error, event.status, event.at);
    else span.setStatus({ code: SpanStatusCode.OK });
    span.end(new Date(event.at));
  }
}

function recordError(span: Span, error: ErrorData | undefined, fallback: string, at: string): void {
  if (error !== undefined) {
    span.recordException({ name: error.code, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }, new Date(at));
    span.setAttribute(SPAN_ATTRIBUTES.errorCode, error.code);
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? fallback });
}
