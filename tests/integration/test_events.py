"""EventTarget and AbortSignal over real sockets: listeners keep the async context they were added in."""
import concurrent.futures
import unittest

from harness import ServedProjectTest

CONFIG = """
name = "events"
main = "index.js"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]
"""

WORKER = """
import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
// Shared by every request of the isolate.
const bus = new EventTarget();

export default {
  fetch(request) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id");
    const delay = Number(url.searchParams.get("delay"));
    if (url.pathname === "/bus") {
      // Each request adds a listener inside its own store, then dispatches later from a timer.
      // The first dispatch (from whichever request's timer fires first) runs every waiting
      // listener: each must still see the store of the request that added it.
      return als.run({ id }, () => new Promise((resolve) => {
        bus.addEventListener("tick", () => resolve(new Response(`listener saw ${als.getStore().id}`)), { once: true });
        setTimeout(() => bus.dispatchEvent(new Event("tick")), delay);
      }));
    }
    if (url.pathname === "/timeout") {
      return als.run({ id }, () => new Promise((resolve) => {
        const signal = AbortSignal.timeout(delay);
        signal.addEventListener("abort", () => {
          resolve(new Response(`${signal.reason.name} seen by ${als.getStore().id}`));
        });
      }));
    }
    return new Response("not found", { status: 404 });
  },
};
"""


class EventListenersOverHttpTest(ServedProjectTest):
    FILES = {"wrangler.toml": CONFIG, "index.js": WORKER}

    def test_concurrent_requests_listeners_on_a_shared_target_each_see_their_own_store(self):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            futures = {i: pool.submit(self.server.request, "GET", f"/bus?id={i}&delay={300 + 40 * i}") for i in range(8)}
            for i, f in futures.items():
                response = f.result()
                self.assertEqual(response.status, 200)
                self.assertEqual(response.text, f"listener saw {i}")

    def test_abort_signal_timeout_listeners_see_the_store_they_were_added_in(self):
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = {i: pool.submit(self.server.request, "GET", f"/timeout?id=t{i}&delay={50 + 10 * i}") for i in range(4)}
            for i, f in futures.items():
                self.assertEqual(f.result().text, f"TimeoutError seen by t{i}")


if __name__ == "__main__":
    unittest.main()
