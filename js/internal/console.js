// console (https://console.spec.whatwg.org/), printed to the terminal as wrangler dev does:
// log/info/debug to stdout, warn/error to stderr, nothing prefixed.
import native from "edgerun:native";
import { format, inspect } from "./inspect.js";

const counts = new Map();
const timers = new Map();
let groupIndent = "";

function print(level, args) {
  let line = format(args);
  if (groupIndent) line = groupIndent + line.replace(/\n/g, `\n${groupIndent}`);
  native.consolePrint(level, line);
}

export const console = {
  log(...args) { print(1, args); },
  info(...args) { print(1, args); },
  debug(...args) { print(0, args); },
  trace(...args) {
    const err = { name: "Trace", message: format(args) };
    Error.captureStackTrace(err, console.trace);
    print(2, [err.stack]);
  },
  warn(...args) { print(2, args); },
  error(...args) { print(3, args); },
  assert(condition, ...args) {
    if (!condition) print(3, args.length ? ["Assertion failed:", ...args] : ["Assertion failed"]);
  },
  dir(value) { print(1, [inspect(value)]); },
  dirxml(...args) { print(1, args); },
  table(data) { print(1, [inspect(data)]); },
  count(label = "default") {
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    print(1, [`${label}: ${n}`]);
  },
  countReset(label = "default") { counts.delete(label); },
  group(...args) { if (args.length) print(1, args); groupIndent += "  "; },
  groupCollapsed(...args) { if (args.length) print(1, args); groupIndent += "  "; },
  groupEnd() { groupIndent = groupIndent.slice(2); },
  time(label = "default") { timers.set(label, Date.now()); },
  timeLog(label = "default", ...args) {
    const start = timers.get(label);
    if (start !== undefined) print(1, [`${label}: ${Date.now() - start}ms`, ...args]);
  },
  timeEnd(label = "default") {
    const start = timers.get(label);
    if (start !== undefined) { print(1, [`${label}: ${Date.now() - start}ms`]); timers.delete(label); }
  },
};
Object.defineProperty(console, Symbol.toStringTag, { value: "console", configurable: true });
