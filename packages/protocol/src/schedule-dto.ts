import { z } from 'zod';

/** Body of `PUT /api/workflows/:id/schedule`. */
export const putScheduleBodySchema = z.strictObject({
  /** Cron pattern, 5 fields (minute…weekday) or 6 (with seconds first). */
  cron: z.string().min(1).max(200),
  /** IANA time zone the pattern is read in. @defaultValue 'UTC' */
  timezone: z.string().min(1).max(100).default('UTC'),
  enabled: z.boolean().default(true),
  /** Inputs each scheduled run gets. */
  inputs: z.record(z.string(), z.unknown()).optional(),
  /** Saved version to run; the latest at each tick when absent. */
  version: z.number().int().min(1).optional(),
});
export type PutScheduleBody = z.infer<typeof putScheduleBodySchema>;

export interface ScheduleDto {
  workflowId: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  inputs?: Record<string, unknown>;
  version?: number;
  updatedAt: string;
  /** Next tick while this server runs; null when disabled or the pattern has no future time. */
  nextRunAt: string | null;
  lastRunAt?: string;
  lastExecutionId?: string;
  lastError?: string;
  /** Ticks that passed while no server was running (newest 100), reported instead of run or dropped. */
  missed: string[];
}
