// The WorkflowStore port lives in core (SqlWorkflowStore in store-sql implements it too); re-exported
// here under the names the server's code uses.
export type { SaveWorkflowInput, StoredSchedule, WorkflowListQuery, WorkflowStore } from '@twingraph/core';
