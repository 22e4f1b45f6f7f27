// Module types as wrangler bundles them (spec/runtime.md "Modules").
import data from "./fixtures/data.json";
import note from "./fixtures/note.txt";
import page from "./fixtures/page.html";
import bytes from "./fixtures/bytes.bin";
import addModule from "./fixtures/add.wasm";
import counter from "./fixtures/counter.cjs";
import { ready } from "./fixtures/tla.js";
import { flavour } from "condpkg";
import { feature } from "condpkg/feature/x";
import plain from "plainpkg";
import { WorkerEntrypoint } from "cloudflare:workers";
import { equal, deepEqual, rejects } from "../lib/assert.js";  // tests/js is the worker folder

export const jsonModuleDefaultIsTheValue = { test() { deepEqual(data, { answer: 42, list: [1, 2] }); } };
export const textModulesAreStrings = { test() { equal(note, "hello text\n"); equal(page, "<p>hi</p>"); } };
export const binModuleIsArrayBuffer = {
  test() {
    equal(bytes instanceof ArrayBuffer, true);
    deepEqual([...new Uint8Array(bytes)], [0, 1, 2, 255]);
  },
};
export const wasmModuleIsWebAssemblyModule = {
  async test() {
    equal(addModule instanceof WebAssembly.Module, true);
    const instance = await WebAssembly.instantiate(addModule);
    equal(instance.exports.add(2, 3), 5);
  },
};
export const commonJsThroughRequireShim = {
  test() { equal(counter.double(21), 42); equal(counter.answer, 42); equal(counter.filename, true); },
};
export const topLevelAwaitFinishesBeforeImporters = { test() { equal(ready, true); } };
export const packageExportsUseWorkerdCondition = { test() { equal(flavour, "workerd"); equal(feature, "x"); } };
export const packageWithoutExportsUsesModuleField = { test() { equal(plain, "from module field"); } };
export const dynamicImportLoadsRelativeModule = {
  async test() {
    const ns = await import("./fixtures/lazy.js");
    equal(ns.loaded, "lazily");
  },
};
export const dynamicImportOfMissingFileRejectsNamingIt = {
  async test() {
    const e = await rejects(import("./fixtures/missing.js"));
    equal(String(e).includes("./fixtures/missing.js"), true);
  },
};
export const importsOutsideTheWorkerFolderAreRefused = {
  async test() {
    const e = await rejects(import("../../../README.md"));
    equal(/outside the worker's folder|no such file/.test(String(e)), true);
  },
};
export const internalModulesAreNotImportable = {
  async test() {
    const e = await rejects(import("edgerun:native"));
    equal(String(e).includes("not available to workers"), true);
  },
};
export const workerEntrypointIsAClass = { test() { equal(typeof WorkerEntrypoint, "function"); } };
