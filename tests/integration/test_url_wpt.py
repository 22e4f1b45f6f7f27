"""WPT's URL data run through the JS `URL` class of a real worker, over a socket.

The C++ parser is checked against the same files in tests/unit/base/url_test.cc; this checks what
JS sees: the href and the offsets the binding hands over, and the getters that slice them
(js/internal/url.js), including every setter of setters_tests.json.
"""
import json
import os
import unittest

from harness import SOURCE_DIR, ServedProjectTest

WPT_DIR = os.path.join(SOURCE_DIR, "..", "shared", "data", "wpt-url")
GETTERS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
           "pathname", "search", "hash"]

WORKER = """
const GETTERS = %s;
function view(u) {
  const out = {};
  for (const g of GETTERS) out[g] = u[g];
  return out;
}
export default {
  async fetch(request) {
    const { kind, cases } = await request.json();
    const results = cases.map((c) => {
      try {
        if (kind === "parse") {
          const u = c.base === null || c.base === undefined ? new URL(c.input) : new URL(c.input, c.base);
          return view(u);
        }
        const u = new URL(c.href);
        u[c.setter] = c.new_value;
        return view(u);
      } catch (e) {
        return { failure: String(e) };
      }
    });
    return Response.json(results);
  },
};
""" % json.dumps(GETTERS)


def load(name):
    with open(os.path.join(WPT_DIR, name), encoding="utf-8") as f:
        return json.load(f)


class UrlWptThroughJs(ServedProjectTest):
    FILES = {
        "wrangler.toml": 'name = "url"\nmain = "index.js"\ncompatibility_date = "2024-09-23"\n',
        "index.js": WORKER,
    }
    SERVER_ARGS = ()

    def run_cases(self, kind, cases):
        body = json.dumps({"kind": kind, "cases": cases})
        response = self.server.request("POST", "/", {"content-type": "application/json"}, body)
        self.assertEqual(response.status, 200, response.body[:500])
        return json.loads(response.body)

    def test_url_getters_match_urltestdata(self):
        cases = [c for c in load("urltestdata.json") if isinstance(c, dict)]
        results = self.run_cases("parse", cases)
        failures = []
        for case, got in zip(cases, results):
            if case.get("failure"):
                if "failure" not in got:
                    failures.append((case["input"], case.get("base"), "should fail", got))
                continue
            if "failure" in got:
                failures.append((case["input"], case.get("base"), got["failure"]))
                continue
            for g in GETTERS:
                if g in case and case[g] != got[g]:
                    failures.append((case["input"], case.get("base"), g, case[g], got[g]))
        self.assertEqual(failures, [], f"{len(failures)} of {len(cases)} cases differ")

    def test_url_setters_match_setters_tests(self):
        data = load("setters_tests.json")
        cases, expected = [], []
        for setter, tests in data.items():
            if setter == "comment":
                continue
            for t in tests:
                cases.append({"href": t["href"], "setter": setter, "new_value": t["new_value"]})
                expected.append(t["expected"])
        results = self.run_cases("set", cases)
        failures = []
        for case, want, got in zip(cases, expected, results):
            for g, value in want.items():
                if got.get(g) != value:
                    failures.append((case, g, value, got.get(g)))
        self.assertEqual(failures, [], f"{len(failures)} of {len(cases)} setter cases differ")


if __name__ == "__main__":
    unittest.main()
