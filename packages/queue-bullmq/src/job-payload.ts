import type { JobEnvelope } from '@twingraph/core';

/** What a BullMQ job carries: the envelope, and where its log lines go when the submitter wants them. */
export interface JobPayload {
  envelope: JobEnvelope;
  /** Submitter id whose log channel receives `LogMessage`s; absent when nobody listens. */
  replyTo?: string;
}

/** One log line on a submitter's log channel. */
export interface LogMessage {
  /** `${queue}/${bullJobId}`. */
  key: string;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}
