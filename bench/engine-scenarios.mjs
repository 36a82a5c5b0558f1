// The DAG shapes of the engine benchmarks, written once against a `call(definition, inputs, options)`
// function so the same shapes run on the engine and, for the baseline, as bare function calls.

/** Chain of n: each call takes the previous result as its parent. */
export async function chain(call, noop, n) {
  let result = await call(noop, { x: 0 });
  for (let i = 1; i < n; i++) result = await call(noop, { x: result.outputs.x + 1 }, { parents: [result] });
  return n;
}

/** n parallel calls, then one call with all n as parents (inputs: the array of results). */
export async function fanOutFanIn(call, noop, sum, n) {
  const parts = await Promise.all(Array.from({ length: n }, (_, i) => call(noop, { x: i })));
  await call(sum, { values: parts });
  return n + 1;
}

/** width × depth lattice: node (k, j) depends on (k-1, j) and (k-1, j+1 mod width); no barriers between layers. */
export async function diamondLattice(call, join, width, depth) {
  let layer = Array.from({ length: width }, (_, j) => call(join, { a: j, b: 0 }));
  for (let k = 1; k < depth; k++) {
    const previous = layer;
    layer = Array.from({ length: width }, (_, j) => call(join, { a: previous[j], b: previous[(j + 1) % width] }));
  }
  await Promise.all(layer);
  return width * depth;
}

/** A map: one call per item of an array, results collected in order. */
export async function mapOverItems(call, noop, n) {
  const items = Array.from({ length: n }, (_, i) => i);
  const results = await Promise.all(items.map((item) => call(noop, { x: item })));
  if (results.length !== n) throw new Error('map lost items');
  return n;
}
