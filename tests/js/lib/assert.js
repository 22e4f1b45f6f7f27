// Tiny assertions for tests/js (workers have no node:assert without nodejs_compat's full set).
export function equal(actual, expected, message = "") {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? message + ": " : ""}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
export function deepEqual(actual, expected, message = "") {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message ? message + ": " : ""}expected ${e}, got ${a}`);
}
export function throws(fn, ErrorType, message = "") {
  try { fn(); } catch (e) {
    if (ErrorType && !(e instanceof ErrorType)) throw new Error(`${message}: expected ${ErrorType.name}, got ${e}`);
    return e;
  }
  throw new Error(`${message ? message + ": " : ""}expected an exception`);
}
export async function rejects(promise, ErrorType, message = "") {
  try { await promise; } catch (e) {
    if (ErrorType && !(e instanceof ErrorType)) throw new Error(`${message}: expected ${ErrorType.name}, got ${e}`);
    return e;
  }
  throw new Error(`${message ? message + ": " : ""}expected a rejection`);
}
