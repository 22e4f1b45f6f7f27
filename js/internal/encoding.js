// TextEncoder and TextDecoder (https://encoding.spec.whatwg.org/) for UTF-8. Other labels are
// a later piece of work (ICU-backed) and are rejected with a RangeError naming the label.
import native from "edgerun:native";
import { TypeErrorCtor, RangeErrorCtor, ArrayBufferIsView, Uint8ArrayCtor } from "./primordials.js";
import { defineInterface, enumerableMembers } from "./webidl.js";

const kUtf8Labels = ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];

export class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(input = "") { return native.utf8Encode(`${input}`); }
  encodeInto(source, destination) {
    if (!(destination instanceof Uint8ArrayCtor)) throw new TypeErrorCtor("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    source = `${source}`;
    let read = 0;
    let written = 0;
    for (const ch of source) {
      const cp = ch.codePointAt(0);
      const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (written + size > destination.length) break;
      const bytes = native.utf8Encode(ch);
      destination.set(bytes, written);
      written += bytes.length;
      read += ch.length;
    }
    return { read, written };
  }
}
defineInterface(TextEncoder);
enumerableMembers(TextEncoder, ["encoding", "encode", "encodeInto"]);

export class TextDecoder {
  #fatal;
  #ignoreBOM;
  #pending = null;  // bytes of an incomplete sequence kept between stream: true calls
  #atStart = true;  // the BOM is only looked for at the start of a stream

  constructor(label = "utf-8", options = {}) {
    const l = `${label}`.trim().toLowerCase();
    if (!kUtf8Labels.includes(l)) {
      throw new RangeErrorCtor(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    }
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
  }

  get encoding() { return "utf-8"; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = {}) {
    let bytes;
    if (input === undefined) bytes = new Uint8ArrayCtor(0);
    else if (ArrayBufferIsView(input)) bytes = new Uint8ArrayCtor(input.buffer, input.byteOffset, input.byteLength);
    else if (input instanceof ArrayBuffer || Object.prototype.toString.call(input) === "[object SharedArrayBuffer]") bytes = new Uint8ArrayCtor(input);
    else throw new TypeErrorCtor("Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
    const stream = Boolean(options?.stream);
    if (this.#pending !== null) {
      const joined = new Uint8ArrayCtor(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    if (stream) {
      // Keep an incomplete trailing sequence for the next call.
      let cut = bytes.length;
      for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
        const b = bytes[i];
        if ((b & 0xc0) === 0x80) continue;
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (bytes.length - i < need) cut = i;
        break;
      }
      if (cut < bytes.length) {
        this.#pending = bytes.slice(cut);
        bytes = bytes.subarray(0, cut);
      }
    }
    if (this.#atStart && !this.#ignoreBOM && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
    }
    // A stream's first call may hold fewer than 3 bytes; stay at the start until there are some.
    if (bytes.length > 0 || this.#pending !== null) this.#atStart = false;
    if (!stream) {
      this.#atStart = true;
      this.#pending = null;
    }
    return native.utf8Decode(bytes, this.#fatal);
  }
}
defineInterface(TextDecoder);
enumerableMembers(TextDecoder, ["encoding", "fatal", "ignoreBOM", "decode"]);
