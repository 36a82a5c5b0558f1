// Start-up script for the Gremlin Server of scripts/services/gremlin.sh: indexes the keys the lineage
// queries filter on (TinkerGraph scans every vertex for an unindexed has()), and binds `g`.
// Not `hash`: TinkerGraph walks every distinct value of every index when it removes a vertex, so an index
// with one value per vertex makes clear() quadratic (20,000 components took 26 s). Hash lookups scan the
// store's partition (found through the tg_partition index) instead.
def globals = [:]
globals << [hook : [
  onStartUp: { ctx ->
    ['tg_partition', 'name', 'pipeline_id'].each { key -> graph.createIndex(key, Vertex.class) }
    ctx.logger.info("TwinGraph: TinkerGraph indexes created")
  }
] as LifeCycleHook]
globals << [g : traversal().withEmbedded(graph)]
