/** One bar of the timeline: a node execution between two instants (ms since epoch). */
export interface GanttItem {
  id: string;
  start: number;
  end: number;
}

/**
 * Packs bars into the fewest lanes so that bars in one lane never overlap (greedy by start time,
 * optimal for intervals): the number of lanes is the peak parallelism of the run.
 */
export function assignLanes<T extends GanttItem>(items: readonly T[]): Array<{ item: T; lane: number }> {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
  const laneEnds: number[] = [];
  const placed: Array<{ item: T; lane: number }> = [];
  for (const item of sorted) {
    let lane = laneEnds.findIndex((end) => end <= item.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(item.end);
    } else {
      laneEnds[lane] = item.end;
    }
    placed.push({ item, lane });
  }
  return placed;
}
