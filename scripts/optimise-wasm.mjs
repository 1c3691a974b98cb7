// Optimises wasm modules for size in place, as `wasm-opt -Oz` does, all in one process.
//
//   node scripts/optimise-wasm.mjs <binaryen folder> <file.wasm>...
//
// <binaryen folder> is where scripts/install-tools.sh wasm-opt installed the npm package
// (it holds node_modules/binaryen). The web app's release build splits into the main module and
// hundreds of small ones (one per screen, one per piece of code some screens share); starting
// wasm-opt, a Node.js build of Binaryen, once per module would cost half a second each, so this
// loads Binaryen once and optimises every module with it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, ...files] = process.argv.slice(2);
if (!folder || files.length === 0) {
  console.error("usage: node optimise-wasm.mjs <binaryen folder> <file.wasm>...");
  process.exit(2);
}
const entry = pathToFileURL(join(folder, "node_modules", "binaryen", "index.js")).href;
const binaryen = (await import(entry)).default;

// The features the Rust compiler's wasm32 target and wasm-bindgen use; Binaryen keeps a module
// within the features it is told, so the output runs where the input did.
const feature = binaryen.Features;
const features =
  feature.MVP |
  feature.MutableGlobals |
  feature.NontrappingFPToInt |
  feature.SignExt |
  feature.BulkMemory |
  feature.BulkMemoryOpt |
  feature.ReferenceTypes |
  feature.Multivalue |
  feature.CallIndirectOverlong;

// -Oz: the default passes at optimise level 2 and shrink level 2, without names or debug info.
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);

for (const file of files) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  module.optimize();
  // The tools' notes (which compiler, which features) that browsers ignore: a couple of hundred
  // bytes a module, which over hundreds of small modules is tens of kilobytes gzipped.
  module.runPasses(["strip-producers", "strip-target-features"]);
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
