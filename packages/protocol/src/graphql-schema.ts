/**
 * The GraphQL schema served at `/graphql` (SDL). JSON-valued fields (documents, inputs, outputs,
 * errors) use the `JSON` scalar; ids are run ids (executions) and component execution ids.
 */
export const GRAPHQL_SDL = /* GraphQL */ `
scalar JSON

type WorkflowSummary {
  id: ID!
  name: String!
  tags: [String!]!
  latestVersion: Int!
  createdAt: String!
  updatedAt: String!
}

type Workflow {
  id: ID!
  name: String!
  tags: [String!]!
  latestVersion: Int!
  version: Int!
  createdAt: String!
  updatedAt: String!
  document: JSON!
  versions: [WorkflowVersion!]!
  executions(limit: Int = 50): [Execution!]!
}

type WorkflowVersion {
  version: Int!
  hash: String!
  createdAt: String!
  createdBy: String
}

type WorkflowPage {
  items: [WorkflowSummary!]!
  page: Int!
  size: Int!
  total: Int!
}

type Attempt {
  attempt: Int!
  status: String!
  startedAt: String!
  completedAt: String
  error: JSON
}

type NodeExecution {
  executionId: ID!
  name: String!
  hash: String!
  platform: String!
  status: String!
  parents: [String!]!
  inputs: JSON
  outputs: JSON
  error: JSON
  attempts: [Attempt!]!
  startedAt: String
  completedAt: String
  "The lineage vertex of this execution, with upstream/downstream."
  component: Component
}

type Execution {
  executionId: ID!
  pipeline: String!
  status: String!
  startedAt: String!
  completedAt: String
  error: JSON
  labels: JSON
  active: Boolean!
  nodes: [NodeExecution!]!
  graph: Lineage
}

type Component {
  executionId: ID!
  pipelineId: String!
  name: String!
  hash: String!
  status: String!
  platform: String!
  startedAt: String!
  completedAt: String
  inputs: JSON
  outputs: JSON
  attempts: Int!
  error: JSON
  attributes: JSON
  "Direct parents (one DEPENDS_ON hop); nest to go further."
  parents: [Component!]!
  "Direct dependants (one hop); nest to go further."
  children: [Component!]!
  "Everything upstream (transitively, up to depth hops), this execution excluded."
  upstream(depth: Int): [Component!]!
  "Everything downstream (transitively, up to depth hops), this execution excluded."
  downstream(depth: Int): [Component!]!
}

type Edge {
  label: String!
  from: String!
  to: String!
  properties: JSON
}

type Lineage {
  pipelines: JSON!
  components: [Component!]!
  edges: [Edge!]!
}

type Query {
  workflows(page: Int = 1, size: Int = 20, tag: String): WorkflowPage!
  workflow(id: ID!, version: Int): Workflow
  executions(status: String, pipeline: String, limit: Int = 50, offset: Int = 0): [Execution!]!
  execution(id: ID!): Execution
  "A component execution by execution id, or the newest with a content hash."
  component(executionId: ID, hash: String): Component
  search(name: String, platform: String, status: String, startTime: String, endTime: String, limit: Int = 100): [Component!]!
  statistics: JSON!
}

type Mutation {
  "Saves a new workflow (no id) or a new version of one."
  saveWorkflow(id: ID, document: JSON!, tags: [String!]): Workflow!
  "Starts a run of a saved workflow; returns the execution id."
  runWorkflow(workflowId: ID!, version: Int, inputs: JSON): ID!
  stopExecution(id: ID!): Execution!
}

type ExecutionEvent {
  id: Int!
  type: String!
  executionId: ID!
  at: String!
  "The whole WebSocket event (see docs/api.md)."
  payload: JSON!
}

type Subscription {
  "execution:update, node:status, node:log, node:retry and error events of one execution, or of all."
  executionEvents(executionId: ID): ExecutionEvent!
}
`;
