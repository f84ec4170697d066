/**
 * A concurrency limit shared fairly between groups (releases): a slot that frees goes to the
 * next group in turn, not to the oldest request. With one first-in-first-out limit, twenty
 * tabs opened together (every third a 60-file release) left a 2-file release queued behind
 * hundreds of provenance requests of the big ones (issue 12 §2); taken in turns, each release
 * gets its next request out as soon as any slot frees, so a small release is done after a
 * few turns whatever the others ask. A group marked urgent (the release in the tab the user
 * is looking at) is served before the others.
 *
 * Hand-written (about 60 lines) rather than p-queue: p-queue orders by a priority number,
 * not in turns between groups, and would add ~10 kB to a worker at its 250 kB budget.
 */
export interface FairLimit {
  <T>(group: string, run: () => Promise<T>): Promise<T>;
  /** Requests running. */
  readonly activeCount: number;
  /** Requests waiting for a slot. */
  readonly pendingCount: number;
  /** Serves this group's waiting requests first (undefined: none). */
  urgent(group: string | undefined): void;
}

export function fairLimit(concurrency: number): FairLimit {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  }
  /** Waiting requests per group; Map order is the turn order. */
  const queues = new Map<string, (() => void)[]>();
  let active = 0;
  let pending = 0;
  let first: string | undefined;

  const next = () => {
    while (active < concurrency && pending > 0) {
      const group =
        first !== undefined && queues.has(first) ? first : (queues.keys().next().value as string);
      const queue = queues.get(group)!;
      const start = queue.shift()!;
      // This group's turn is over: to the back of the line (if it has more).
      queues.delete(group);
      if (queue.length > 0) queues.set(group, queue);
      pending--;
      active++;
      start();
    }
  };

  const limit = <T>(group: string, run: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        let p: Promise<T>;
        try {
          p = run();
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(resolve, reject).finally(() => {
          active--;
          next();
        });
      };
      const queue = queues.get(group);
      if (queue) queue.push(start);
      else queues.set(group, [start]);
      pending++;
      next();
    });

  return Object.defineProperties(limit, {
    activeCount: { get: () => active },
    pendingCount: { get: () => pending },
    urgent: {
      value: (group: string | undefined) => {
        first = group;
      },
    },
  }) as FairLimit;
}
