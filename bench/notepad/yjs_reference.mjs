// The Yjs reference for bench_notepad: replays an editing trace into one Y.Doc's Y.Text in memory
// (Yjs's local replay, no network, no storage) and prints the time and the saved document's size.
// usage: node yjs_reference.mjs [trace.json.gz]   (needs the `yjs` npm package: `npm install yjs`
// in the working directory or above it, or beside this script)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const Y = require(require.resolve("yjs", { paths: [process.cwd(), new URL(".", import.meta.url).pathname] }));

const path = process.argv[2] ?? new URL("../../../shared/data/traces/automerge-paper.json.gz", import.meta.url).pathname;
const trace = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
const doc = new Y.Doc();
const text = doc.getText("text");
const start = performance.now();
for (const txn of trace.txns) {
  doc.transact(() => {
    for (const [pos, del, ins] of txn.patches) {
      if (del > 0) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  });
}
const elapsed = (performance.now() - start) / 1000;
const ok = text.toString() === trace.endContent;
const saved = Y.encodeStateAsUpdate(doc).length;
console.log(`yjs ${path.split("/").pop()}: local replay ${elapsed.toFixed(2)} s, saved document ${(saved / 1024).toFixed(1)} KB, ${ok ? "equals" : "DIFFERS FROM"} endContent`);
