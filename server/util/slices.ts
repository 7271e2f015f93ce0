/**
 * Long synchronous work written as a generator that yields between slices, run either in one go or giving the
 * event loop back at each yield: at 1,000 groups and 10,000 topics a sample's bookkeeping or its /metrics text
 * takes 50-300 ms of CPU on a busy machine, and requests (a Prometheus scrape among them) must not wait behind it.
 */
export function runToEnd<T>(work: Generator<void, T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

export async function runInSlices<T>(work: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
