import type { FastifyBaseLogger } from 'fastify';
import { Cron } from 'croner';
import { TwinGraphError } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES, type PutScheduleBody, type ScheduleDto } from '@twingraph/protocol';
import type { ExecutionService } from '../executions/execution-service.js';
import type { StoredSchedule, WorkflowStore } from '../workflows/workflow-store.js';

const MISSED_KEPT = 100;

/**
 * Runs workflow schedules (cron) while the server runs. At start, ticks that fell while no server was
 * running are computed from each schedule's last run (or last change) and reported in `missed` and the
 * log — not run late, not dropped silently. One process owns the schedules (no multi-instance leases yet).
 */
export class ScheduleRunner {
  private readonly jobs = new Map<string, Cron>();

  /**
   * `cluster` (several instances): `claim` lets exactly one instance run each tick, `announce` tells the
   * others a schedule changed so they re-arm it from the store.
   */
  constructor(
    private readonly workflows: WorkflowStore,
    private readonly executions: ExecutionService,
    private readonly logger: FastifyBaseLogger,
    private readonly cluster?: { claim(workflowId: string, tick: string): Promise<boolean>; announce(workflowId: string): void },
  ) {}

  /** Another instance changed this workflow's schedule: re-arm (or disarm) it from the store. */
  async reload(workflowId: string): Promise<void> {
    const schedule = await this.workflows.getSchedule(workflowId);
    if (schedule === undefined) this.disarm(workflowId);
    else this.arm(schedule);
  }

  async start(): Promise<void> {
    const now = new Date();
    for (const schedule of await this.workflows.listSchedules()) {
      const missed = schedule.enabled ? missedTicks(schedule, now) : [];
      if (missed.length > 0) {
        this.logger.warn({ workflowId: schedule.workflowId, missed: missed.length, first: missed[0] }, 'scheduled runs missed while the server was down');
        await this.workflows.putSchedule(schedule.workflowId, { ...schedule, missed: [...schedule.missed, ...missed].slice(-MISSED_KEPT) });
      }
      this.arm(schedule);
    }
  }

  /** Validates and saves a schedule, and (re)arms it. */
  async put(workflowId: string, body: PutScheduleBody): Promise<ScheduleDto | undefined> {
    checkPattern(body.cron, body.timezone);
    const previous = await this.workflows.getSchedule(workflowId);
    const schedule: StoredSchedule = {
      workflowId, cron: body.cron, timezone: body.timezone, enabled: body.enabled,
      ...(body.inputs === undefined ? {} : { inputs: body.inputs }),
      ...(body.version === undefined ? {} : { version: body.version }),
      updatedAt: new Date().toISOString(),
      missed: previous?.missed ?? [],
      ...(previous?.lastRunAt === undefined ? {} : { lastRunAt: previous.lastRunAt }),
      ...(previous?.lastExecutionId === undefined ? {} : { lastExecutionId: previous.lastExecutionId }),
    };
    if (!(await this.workflows.putSchedule(workflowId, schedule))) return undefined;
    this.arm(schedule);
    this.cluster?.announce(workflowId);
    return this.view(schedule);
  }

  async get(workflowId: string): Promise<ScheduleDto | undefined> {
    const schedule = await this.workflows.getSchedule(workflowId);
    return schedule === undefined ? undefined : this.view(schedule);
  }

  async remove(workflowId: string): Promise<boolean> {
    this.disarm(workflowId);
    if ((await this.workflows.getSchedule(workflowId)) === undefined) return false;
    const removed = await this.workflows.putSchedule(workflowId, undefined);
    this.cluster?.announce(workflowId);
    return removed;
  }

  /** Stops the job of a workflow that was deleted. */
  disarm(workflowId: string): void {
    this.jobs.get(workflowId)?.stop();
    this.jobs.delete(workflowId);
  }

  close(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
  }

  private view(schedule: StoredSchedule): ScheduleDto {
    const next = schedule.enabled ? (this.jobs.get(schedule.workflowId)?.nextRun() ?? null) : null;
    return { ...schedule, nextRunAt: next === null ? null : next.toISOString() };
  }

  private arm(schedule: StoredSchedule): void {
    this.disarm(schedule.workflowId);
    if (!schedule.enabled) return;
    // protect: a tick that comes while the previous tick is still starting its run is skipped, not stacked.
    const job = new Cron(schedule.cron, { timezone: schedule.timezone, protect: true }, (self: Cron) => this.tick(schedule.workflowId, (self.currentRun() ?? new Date()).toISOString()));
    this.jobs.set(schedule.workflowId, job);
  }

  private async tick(workflowId: string, tick: string): Promise<void> {
    const schedule = await this.workflows.getSchedule(workflowId);
    if (schedule === undefined || !schedule.enabled) return;
    // Every instance's timer fires; the one that claims the tick runs it.
    if (this.cluster !== undefined && !(await this.cluster.claim(workflowId, tick).catch(() => false))) return;
    const at = new Date().toISOString();
    try {
      const { executionId } = await this.executions.start({ workflowId, ...(schedule.inputs === undefined ? {} : { inputs: schedule.inputs }), ...(schedule.version === undefined ? {} : { version: schedule.version }) }, undefined);
      this.logger.info({ workflowId, runId: executionId }, 'scheduled run started');
      await this.recordRun(schedule, { lastRunAt: at, lastExecutionId: executionId, lastError: undefined });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ workflowId, err: error }, 'scheduled run could not start');
      await this.recordRun(schedule, { lastRunAt: at, lastError: message }).catch(() => undefined);
    }
  }

  /**
   * Notes the run on the schedule as it is now, not as the tick read it: starting a run takes time, and a
   * schedule deleted or changed meanwhile (here or on another instance) must not be written back.
   */
  private async recordRun(ticked: StoredSchedule, run: Pick<StoredSchedule, 'lastRunAt' | 'lastExecutionId' | 'lastError'>): Promise<void> {
    const current = await this.workflows.getSchedule(ticked.workflowId);
    if (current === undefined || current.updatedAt !== ticked.updatedAt) return;
    await this.workflows.putSchedule(ticked.workflowId, { ...current, ...run });
  }
}

/** Ticks after the schedule's last run (or last change) and before now. */
function missedTicks(schedule: StoredSchedule, now: Date): string[] {
  const since = new Date(schedule.lastRunAt ?? schedule.updatedAt);
  const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
  const ticks: string[] = [];
  let next = cron.nextRun(since);
  // Bounded: a per-second schedule down for a week would otherwise enumerate 600 000 ticks.
  for (let i = 0; next !== null && next < now && i < 10_000; i++) {
    ticks.push(next.toISOString());
    next = cron.nextRun(next);
  }
  cron.stop();
  return ticks.slice(-MISSED_KEPT);
}

function checkPattern(pattern: string, timezone: string): void {
  try {
    new Cron(pattern, { timezone, paused: true }).stop();
  } catch (error) {
    throw new TwinGraphError(PROTOCOL_ERROR_CODES.BAD_REQUEST, `Invalid schedule: ${error instanceof Error ? error.message : String(error)}`, {
      hint: "A cron pattern has 5 fields (minute hour day month weekday) or 6 (seconds first), e.g. '0 2 * * *'; timezone is an IANA name like 'Europe/Paris'.",
      details: { cron: pattern, timezone },
    });
  }
}
