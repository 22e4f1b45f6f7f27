import { AsyncLocalStorage } from "node:async_hooks";
import { equal, deepEqual } from "./lib/assert.js";

const als = new AsyncLocalStorage();

export const storeFollowsAwaitThenTimersAndMicrotasks = {
  async test() {
    await als.run({ id: 1 }, async () => {
      equal(als.getStore().id, 1);
      await null;
      equal(als.getStore().id, 1, "after await");
      await new Promise((r) => setTimeout(r, 1));
      equal(als.getStore().id, 1, "after timer");
      await new Promise((resolve) => setTimeout(() => { equal(als.getStore().id, 1, "in timer"); resolve(); }, 1));
      await new Promise((resolve) => queueMicrotask(() => { equal(als.getStore().id, 1, "in microtask"); resolve(); }));
      await Promise.resolve().then(() => equal(als.getStore().id, 1, "in then"));
    });
    equal(als.getStore(), undefined);
  },
};

export const interleavedRunsSeeOnlyTheirOwnStore = {
  async test() {
    const seen = [];
    const task = (id, delay) => als.run({ id }, async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, delay));
        seen.push(als.getStore().id === id);
      }
    });
    await Promise.all(Array.from({ length: 100 }, (_, i) => task(i, i % 3)));
    equal(seen.length, 300);
    equal(seen.every(Boolean), true);
  },
};

export const exitBindAndSnapshot = {
  test() {
    als.run("outer", () => {
      als.exit(() => equal(als.getStore(), undefined));
      const bound = AsyncLocalStorage.bind(() => als.getStore());
      const snap = AsyncLocalStorage.snapshot();
      als.run("inner", () => {
        equal(bound(), "outer");
        equal(snap(() => als.getStore()), "outer");
      });
    });
  },
};
