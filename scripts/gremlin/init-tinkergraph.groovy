// Start-up script for the Gremlin Server of scripts/services/gremlin.sh: indexes the keys the lineage
// queries filter on (TinkerGraph scans every vertex for an unindexed has()), and binds `g`.
def globals = [:]
globals << [hook : [
  onStartUp: { ctx ->
    ['tg_partition', 'hash', 'name', 'pipeline_id'].each { key -> graph.createIndex(key, Vertex.class) }
    ctx.logger.info("TwinGraph: TinkerGraph indexes created")
  }
] as LifeCycleHook]
globals << [g : traversal().withEmbedded(graph)]
