// Writes types.d.ts from schema/api.schema.json (the JSON Schema of the engine's Rust types, kept in step with
// them by tests/tests/schema.rs) with json-schema-to-typescript: every type under $defs, by its Rust name.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The project's npm tools are installed once, in web-demo/node_modules.
const require = createRequire(path.join(here, '../../web-demo/package.json'));
const { compile } = await import(pathToFileURL(require.resolve('json-schema-to-typescript')).href);
const schema = JSON.parse(fs.readFileSync(path.join(here, '../../schema/api.schema.json'), 'utf8'));
// The root only gathers the definitions: every one becomes an exported type.
const root = { ...schema, type: 'object', additionalProperties: false, properties: {} };
const ts = await compile(root, 'JianchaApi', {
  bannerComment: '// Generated from schema/api.schema.json (the engine\'s Rust types) by gen-types.mjs: do not edit.',
  unreachableDefinitions: true,
  additionalProperties: false,
  strictIndexSignatures: true,
  format: true,
});
fs.writeFileSync(path.join(here, 'types.d.ts'), ts);
