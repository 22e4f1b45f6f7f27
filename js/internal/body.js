// The Body mixin of Request and Response (https://fetch.spec.whatwg.org/#body-mixin) for the
// body kinds edgerun supports so far: none, a string, bytes, and the incoming request's native
// body (read from the HTTP exchange on demand).
import native from "edgerun:native";
import {
  ArrayBufferIsView, TypeErrorCtor, JSONParse, Uint8ArrayCtor, ArrayBufferCtor,
  PromiseResolve, PromiseReject, PromisePrototypeThen, ObjectPrototypeToString,
} from "./primordials.js";
import {
  isReadableStream, readableStreamFromBytes, takeSourceBytes, readableStreamFromPull,
  readAllBytes, isDisturbed, isLocked, expectedLengthOf,
} from "./streams.js";

// A body is a small record: { kind, value, used }.
//   kind "none":   no body (null)
//   kind "string": value is a JS string (UTF-8 encoded when bytes are needed)
//   kind "bytes":  value is a Uint8Array holding a private copy
//   kind "native": value is the in-flight request id whose body the HTTP layer streams
//   kind "stream": value is a ReadableStream (user-made, or the `.body` of any other kind once
//                  it has been touched); `used` is then the stream's disturbed flag
export function extractBody(init) {
  if (init === undefined || init === null) return { kind: "none", value: null, used: false, type: null };
  if (isReadableStream(init)) {
    if (isLocked(init) || isDisturbed(init)) {
      throw new TypeErrorCtor("The ReadableStream body is locked or has already been read.");
    }
    // `new Response(other.body, other)`: an untouched stream over known bytes passes them on.
    const bytes = takeSourceBytes(init);
    if (bytes !== null) return { kind: "bytes", value: bytes, used: false, type: null };
    return { kind: "stream", value: init, used: false, type: null };
  }
  if (typeof init === "string") return { kind: "string", value: init, used: false, type: "text/plain;charset=UTF-8" };
  if (init instanceof ArrayBufferCtor || ObjectPrototypeToString(init) === "[object SharedArrayBuffer]") {
    return { kind: "bytes", value: new Uint8ArrayCtor(init.slice(0)), used: false, type: null };
  }
  if (ArrayBufferIsView(init)) {
    const copy = new Uint8ArrayCtor(init.byteLength);
    copy.set(new Uint8ArrayCtor(init.buffer, init.byteOffset, init.byteLength));
    return { kind: "bytes", value: copy, used: false, type: null };
  }
  if (typeof URLSearchParams === "function" && init instanceof URLSearchParams) {
    return { kind: "string", value: `${init}`, used: false, type: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  // Any other object is stringified, as WebIDL's (BodyInit or USVString) conversion does.
  return { kind: "string", value: `${init}`, used: false, type: "text/plain;charset=UTF-8" };
}

export function nativeBody(id) {
  return { kind: "native", value: id, used: false, type: null };
}

// The `.body` getter: a ReadableStream over the body (null for no body). From then on the body
// is that stream, so reading either way consumes the same bytes.
export function bodyStream(body) {
  switch (body.kind) {
    case "none": return null;
    case "stream": return body.value;
    case "string": body.value = native.utf8Encode(body.value); break;
    case "bytes": break;
    case "native": {
      const id = body.value;
      let done = false;
      body.value = readableStreamFromPull(() => {
        if (done) return PromiseResolve(null);
        done = true;
        return PromisePrototypeThen(native.readRequestBody(id), (buffer) => new Uint8ArrayCtor(buffer));
      }, () => {});
      body.kind = "stream";
      return body.value;
    }
    case "promise": {
      const pending = body.value;
      let done = false;
      body.value = readableStreamFromPull(() => {
        if (done) return PromiseResolve(null);
        done = true;
        return pending;
      }, () => {});
      body.kind = "stream";
      return body.value;
    }
  }
  const stream = body.used ? usedStream() : readableStreamFromBytes(body.value);
  body.kind = "stream";
  body.value = stream;
  return stream;
}

function usedStream() {
  const stream = readableStreamFromBytes(new Uint8ArrayCtor(0));
  readAllBytes(stream);  // a consumed body's stream is disturbed, as the spec's would be
  return stream;
}

export function bodyUsed(body) {
  return body.kind === "stream" ? isDisturbed(body.value) : body.used;
}

export function cloneBody(body) {
  if (body.kind === "stream") {
    if (isDisturbed(body.value) || isLocked(body.value)) throw new TypeErrorCtor("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
    const [a, b] = body.value.tee();
    body.value = a;
    return { kind: "stream", value: b, used: false, type: body.type };
  }
  if (body.used) throw new TypeErrorCtor("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
  if (body.kind === "native") {
    // Both copies read the same bytes: read once, share the bytes.
    const shared = { kind: "promise", value: readBytes(body), used: false, type: null };
    body.kind = "promise";
    body.value = shared.value;
    return { kind: "promise", value: shared.value, used: false, type: null };
  }
  return { kind: body.kind, value: body.value, used: false, type: body.type };
}

// Consumes the body and resolves with a Uint8Array of its bytes.
export function consumeBytes(body) {
  if (body.kind === "stream") {
    if (isDisturbed(body.value) || isLocked(body.value)) {
      return PromiseReject(new TypeErrorCtor("Body has already been used. It can only be used once. Use tee() first if you need to read it twice."));
    }
    return readAllBytes(body.value);
  }
  if (body.used) return PromiseReject(new TypeErrorCtor("Body has already been used. It can only be used once. Use tee() first if you need to read it twice."));
  body.used = true;
  return readBytes(body);
}

function readBytes(body) {
  switch (body.kind) {
    case "none": return PromiseResolve(new Uint8ArrayCtor(0));
    case "string": return PromiseResolve(native.utf8Encode(body.value));
    case "bytes": return PromiseResolve(body.value);
    case "promise": return PromisePrototypeThen(body.value, (bytes) => bytes);
    case "native":
      return PromisePrototypeThen(native.readRequestBody(body.value), (buffer) => new Uint8ArrayCtor(buffer));
  }
  return PromiseReject(new TypeErrorCtor("unknown body kind"));
}

export function consumeText(body) {
  if (body.kind === "string" && !body.used) {
    body.used = true;
    return PromiseResolve(body.value);
  }
  return PromisePrototypeThen(consumeBytes(body), (bytes) => utf8DecodeWithoutBOM(bytes));
}

export function consumeJson(body) {
  return PromisePrototypeThen(consumeText(body), (text) => JSONParse(text));
}

export function consumeArrayBuffer(body) {
  return PromisePrototypeThen(consumeBytes(body), (bytes) =>
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

// https://encoding.spec.whatwg.org/#utf-8-decode (BOM sniffed and dropped)
export function utf8DecodeWithoutBOM(bytes) {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3);
  }
  return native.utf8Decode(bytes, false);
}

// What the native respond() takes: a string, a Uint8Array, or null.
export function bodyForNative(body) {
  switch (body.kind) {
    case "none": return null;
    case "string":
    case "bytes": return body.value;
  }
  return undefined;  // a stream (or a body still being read): streamed out
}

// The length a streamed body announces (FixedLengthStream), else undefined (chunked).
export function streamBodyLength(body) {
  if (body.kind !== "stream") return undefined;
  const n = expectedLengthOf(body.value);
  return n === null ? undefined : n;
}
