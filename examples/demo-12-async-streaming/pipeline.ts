import { component, pipeline } from 'twingraph';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const addNumbers = component({ name: 'add_numbers' }, async ({ a, b }: { a: number; b: number }) => {
  await pause(5);
  return { sum: a + b };
});

export const multiplyNumbers = component({ name: 'multiply_numbers' }, async ({ a, b }: { a: number; b: number }) => {
  await pause(5);
  return { product: a * b };
});

/** Streams `count` readings; consumers receive each one as it is produced. */
export const sensorReadings = component({ name: 'sensor_readings' }, async function* ({ count }: { count: number }) {
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) await pause(1);
    yield { index: i, value: i * 0.5 };
  }
});

/** Consumes a stream as it arrives and reports when its first item came relative to the stream's end. */
export const summarise = component({ name: 'summarise_readings' }, async ({ readings }: { readings: AsyncIterable<{ index: number; value: number }> }) => {
  let count = 0;
  let total = 0;
  let firstItemAt = 0;
  for await (const reading of readings) {
    if (count === 0) firstItemAt = Date.now();
    count++;
    total += reading.value;
  }
  return { count, total, firstItemAt, lastItemAt: Date.now() };
});

export default pipeline({ name: 'demo-12-async-streaming' }, async () => {
  const added = await addNumbers({ a: 10, b: 5 });
  const multiplied = await multiplyNumbers({ a: added.outputs.sum, b: 2 }, { parents: [added] });
  const stream = sensorReadings({ count: 1000 });
  const summary = await summarise({ readings: stream });
  const produced = await stream;
  return {
    sum: added.outputs.sum,
    product: multiplied.outputs.product,
    streamed: produced.outputs.items.length,
    consumed: summary.outputs.count,
    total: summary.outputs.total,
    consumedWhileProducing: summary.outputs.firstItemAt < summary.outputs.lastItemAt,
    executions: { add: added.executionId, multiply: multiplied.executionId, stream: produced.executionId, consumer: summary.executionId },
  };
});
