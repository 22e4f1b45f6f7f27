// How console prints values: close to what Node's util.inspect shows in wrangler dev, kept small.
import {
  ObjectKeys, ObjectPrototypeToString, ArrayIsArray, JSONStringify, ObjectGetPrototypeOf,
} from "./primordials.js";

export function inspect(value, depth = 2, seen = new Set()) {
  switch (typeof value) {
    case "string": return seen.size === 0 ? value : JSONStringify(value).replace(/^"|"$/g, "'");
    case "number": return Object.is(value, -0) ? "-0" : `${value}`;
    case "bigint": return `${value}n`;
    case "boolean":
    case "undefined": return `${value}`;
    case "symbol": return value.toString();
    case "function": return `[${value.constructor?.name === "AsyncFunction" ? "AsyncFunction" : value.prototype && /^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "Function"}: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  if (value instanceof Error) {
    return value.stack ?? `${value.name}: ${value.message}`;
  }
  if (seen.has(value)) return "[Circular *1]";
  const tag = ObjectPrototypeToString(value).slice(8, -1);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof RegExp) return `${value}`;
  if (value instanceof Promise) return "Promise { <pending> }";
  if (depth < 0) return ArrayIsArray(value) ? "[Array]" : `[${tag}]`;
  seen.add(value);
  try {
    if (ArrayIsArray(value)) {
      const items = value.slice(0, 100).map((v) => inspect(v, depth - 1, seen));
      if (value.length > 100) items.push(`... ${value.length - 100} more items`);
      return items.length ? `[ ${items.join(", ")} ]` : "[]";
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const items = Array.from(value.slice(0, 100), (v) => `${v}`);
      return `${tag}(${value.length}) [ ${items.join(", ")}${value.length > 100 ? ", ..." : ""} ]`;
    }
    if (value instanceof Map) {
      const items = [...value].map(([k, v]) => `${inspect(k, depth - 1, seen)} => ${inspect(v, depth - 1, seen)}`);
      return `Map(${value.size}) { ${items.join(", ")} }`;
    }
    if (value instanceof Set) {
      const items = [...value].map((v) => inspect(v, depth - 1, seen));
      return `Set(${value.size}) { ${items.join(", ")} }`;
    }
    const keys = ObjectKeys(value);
    const proto = ObjectGetPrototypeOf(value);
    const name = proto === null ? "[Object: null prototype]" : proto.constructor?.name ?? "";
    const prefix = name && name !== "Object" ? `${name} ` : "";
    if (keys.length === 0) return `${prefix}{}`;
    const items = keys.map((k) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSONStringify(k).replace(/^"|"$/g, "'");
      return `${key}: ${inspect(value[k], depth - 1, seen)}`;
    });
    return `${prefix}{ ${items.join(", ")} }`;
  } finally {
    seen.delete(value);
  }
}

// console.log's format: printf-style specifiers in a leading string, then the rest inspected.
export function format(args) {
  if (args.length === 0) return "";
  let first = args[0];
  let rest = 1;
  let out;
  if (typeof first === "string" && first.includes("%")) {
    out = first.replace(/%[sdifjoOc%]/g, (spec) => {
      if (spec === "%%") return "%";
      if (rest >= args.length) return spec;
      const arg = args[rest++];
      switch (spec) {
        case "%s": return typeof arg === "string" ? arg : inspect(arg, 1, new Set([{}]));
        case "%d":
        case "%i": return typeof arg === "bigint" ? `${arg}n` : `${spec === "%i" ? parseInt(arg) : Number(arg)}`;
        case "%f": return `${parseFloat(arg)}`;
        case "%j": try { return JSONStringify(arg); } catch { return "[Circular]"; }
        case "%o":
        case "%O": return inspect(arg, 4, new Set([{}]));
        case "%c": return "";
      }
      return spec;
    });
  } else {
    out = typeof first === "string" ? first : inspect(first);
  }
  for (; rest < args.length; rest++) {
    const a = args[rest];
    out += " " + (typeof a === "string" ? a : inspect(a));
  }
  return out;
}
