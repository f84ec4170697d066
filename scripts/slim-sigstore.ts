/**
 * Extension build only (vite.config.ts): a slimmer sigstore-js for the worker.
 *
 * sigstore-js (@sigstore/core, bundle, verify, protobuf-specs) is CommonJS; each package's
 * index re-exports everything through getters, so the bundler keeps every module and export of
 * it. This plugin
 *
 * - resolves each of these package specifiers to a facade, an ES module that re-exports from
 *   the package's own files exactly the names the worker's code uses (FACADES), and fails the
 *   build if a bundled CommonJS module reads any other name from one (ES imports of a missing
 *   name fail the build by themselves). Files nothing reaches (the indexes, bundle building,
 *   protobuf-specs' verification messages, …) drop out;
 * - rewrites protobuf-specs' generated modules from CommonJS to the equivalent ES modules (same
 *   code, same objects, `exports.X` → `X`), so that unused messages and helpers are
 *   tree-shaken, and replaces every message's `toJSON` (serialization, never called by a
 *   verifier) with one that throws, so a caller can never silently get a wrong result.
 *   `fromJSON` is untouched;
 * - rewrites @sigstore/core, bundle and verify, and the TUF client's @tufjs/models and tuf-js
 *   (TypeScript's CommonJS output) to the equivalent ES modules the same way (`require` →
 *   `import * as`, `exports.X` → a binding exported as X), so that the minifier can rename and
 *   drop their exports, which it cannot do with properties of a CommonJS `exports` object, and
 *   so that no CommonJS module requires the shims (−18 kB of the worker in all).
 *
 * The rewrites accept only the statement shapes protoc-gen-ts_proto and tsc emit and throw on
 * anything else, so an upgrade that changes them fails the build instead of changing
 * behaviour. scripts/slim-sigstore.test.ts checks the facades against the packages' indexes
 * and the rewritten modules against the originals (on every fixture for protobuf-specs);
 * test/built-verifier.test.ts checks the built worker (fixtures and the conformance suite).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { parseAst, type Plugin } from 'vite';

/**
 * Per package specifier: each name the worker may import and the file (relative to the
 * specifier's own index.js) it comes from; `* file` re-exports the file as a namespace.
 */
export const FACADES: Record<string, Record<string, string>> = {
  '@sigstore/core': {
    ASN1Obj: 'asn1/index.js',
    ByteStream: 'stream.js',
    crypto: '* crypto.js',
    dsse: '* dsse.js',
    EXTENSION_OID_SCT: 'x509/index.js',
    json: '* json.js',
    RFC3161Timestamp: 'rfc3161/index.js',
    X509Certificate: 'x509/index.js',
    X509SCTExtension: 'x509/index.js',
  },
  '@sigstore/bundle': {
    BUNDLE_V01_MEDIA_TYPE: 'bundle.js',
    BUNDLE_V02_MEDIA_TYPE: 'bundle.js',
    BUNDLE_V03_LEGACY_MEDIA_TYPE: 'bundle.js',
    BUNDLE_V03_MEDIA_TYPE: 'bundle.js',
    bundleFromJSON: 'serialized.js',
    isBundleWithCertificateChain: 'bundle.js',
    isBundleWithDsseEnvelope: 'bundle.js',
    isBundleWithMessageSignature: 'bundle.js',
    isBundleWithPublicKey: 'bundle.js',
  },
  '@sigstore/verify': {
    PolicyError: 'error.js',
    toSignedEntity: 'bundle/index.js',
    toTrustMaterial: 'trust/index.js',
    VerificationError: 'error.js',
    Verifier: 'verifier.js',
  },
  '@sigstore/protobuf-specs': {
    Bundle: '__generated__/sigstore_bundle.js',
    Envelope: '__generated__/envelope.js',
    HashAlgorithm: '__generated__/sigstore_common.js',
    PublicKeyDetails: '__generated__/sigstore_common.js',
    TrustedRoot: '__generated__/sigstore_trustroot.js',
  },
  '@sigstore/protobuf-specs/rekor/v2': {
    Entry: '../../__generated__/rekor/v2/entry.js',
  },
};

export const TO_JSON_REMOVED =
  '@sigstore/protobuf-specs toJSON is not part of the extension build (parsing only)';

const FACADE_PREFIX = '\0slim-sigstore:';
const GENERATED =
  /[\\/]node_modules[\\/]@sigstore[\\/]protobuf-specs[\\/]dist[\\/]__generated__[\\/].+\.js$/;

const require = createRequire(import.meta.url);

/** The installed index.js that `specifier` stands for. */
export function packageIndex(specifier: string): string {
  return require.resolve(specifier);
}

/** The file a facade takes `name` from, and whether as a namespace. */
export function facadeSourceOf(
  specifier: string,
  name: string,
): { file: string; namespace: boolean } {
  const entry = FACADES[specifier]?.[name];
  if (entry === undefined) throw new Error(`no ${name} in the ${specifier} facade`);
  const namespace = entry.startsWith('* ');
  const rel = namespace ? entry.slice(2) : entry;
  return { file: join(dirname(packageIndex(specifier)), rel), namespace };
}

/** The ES module standing for `specifier`: only the allowed names, from the package's files. */
export function facadeSource(specifier: string): string {
  const names = FACADES[specifier];
  if (!names) throw new Error(`no facade for ${specifier}`);
  return Object.keys(names)
    .map((name) => {
      const { file, namespace } = facadeSourceOf(specifier, name);
      const from = JSON.stringify(file);
      return namespace ? `export * as ${name} from ${from};` : `export { ${name} } from ${from};`;
    })
    .join('\n');
}

// --- A minimal ESTree walk --------------------------------------------------------------------

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';

/** Calls `visit` on every node below `node` (depth first); `visit` returning false skips a subtree. */
function walk(
  node: Node,
  visit: (node: Node, parent: Node | undefined) => boolean | void,
  parent?: Node,
): void {
  if (visit(node, parent) === false) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) walk(v, visit, node);
    } else if (isNode(value)) walk(value, visit, node);
  }
}

/** An Identifier used as a variable (not a property name or an object key). */
function isReference(node: Node, parent: Node | undefined): boolean {
  if (node.type !== 'Identifier' || !parent) return node.type === 'Identifier';
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) {
    return false;
  }
  if (
    (parent.type === 'Property' || parent.type === 'MethodDefinition') &&
    parent.key === node &&
    !parent.computed
  ) {
    return parent.shorthand === true;
  }
  return true;
}

const ident = (node: unknown, name?: string): node is Node & { name: string } =>
  isNode(node) && node.type === 'Identifier' && (name === undefined || node.name === name);

/** `exports.NAME` → NAME, else undefined. */
function exportsMember(node: unknown): string | undefined {
  if (!isNode(node) || node.type !== 'MemberExpression' || node.computed) return undefined;
  if (!ident(node.object, 'exports') || !ident(node.property)) return undefined;
  return node.property.name;
}

// --- The CommonJS → ES module rewrite of one generated file ------------------------------------

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The ES module equivalent of one protoc-gen-ts_proto CommonJS module, with every message's
 * toJSON replaced by a throwing stub. Throws on any statement it does not recognise.
 */
export function generatedToEsm(code: string, id = 'module'): string {
  const fail = (what: string, node?: Node): never => {
    const at = node ? `: ${code.slice(node.start, Math.min(node.end, node.start + 120))}` : '';
    throw new Error(`slim-sigstore: ${id}: ${what}${at}`);
  };
  const ast = parseAst(code) as unknown as { body: Node[] };
  const edits: Edit[] = [];
  const remove = (node: Node): number => edits.push({ start: node.start, end: node.end, text: '' });
  const exported = new Map<string, 'function' | 'message' | 'enum'>();
  const functions = new Set<string>();
  const topLevel = new Set<string>();
  const messages = new Set<string>();
  /** Ranges whose content is dropped or replaced whole (no edits inside them). */
  const replaced: Node[] = [];
  let stubs = 0;

  for (const s of ast.body) {
    if (s.type === 'FunctionDeclaration' && ident(s.id)) {
      functions.add(s.id.name);
      topLevel.add(s.id.name);
    }
  }

  const body = ast.body;
  for (let i = 0; i < body.length; i++) {
    const s = body[i] as Node;
    const src = code.slice(s.start, s.end);
    if (s.type === 'FunctionDeclaration') continue;
    if (s.type === 'ExpressionStatement' && s.directive === 'use strict') {
      remove(s);
      replaced.push(s);
      continue;
    }
    if (src === 'Object.defineProperty(exports, "__esModule", { value: true });') {
      remove(s);
      replaced.push(s);
      continue;
    }
    if (s.type === 'VariableDeclaration') {
      const decls = s.declarations as Node[];
      const d = decls[0];
      if (decls.length !== 1 || !d || !ident(d.id)) fail('unexpected declaration', s);
      const name = (d!.id as Node & { name: string }).name;
      topLevel.add(name);
      const init = d!.init as Node | null;
      // const x_1 = require("./x");
      if (
        s.kind === 'const' &&
        isNode(init) &&
        init.type === 'CallExpression' &&
        ident(init.callee, 'require') &&
        (init.arguments as Node[]).length === 1
      ) {
        const arg = (init.arguments as Node[])[0] as Node;
        const spec = arg.type === 'Literal' ? arg.value : undefined;
        if (typeof spec !== 'string' || !spec.startsWith('.')) fail('unexpected require', s);
        const file = (spec as string).endsWith('.js') ? (spec as string) : `${spec as string}.js`;
        edits.push({
          start: s.start,
          end: s.end,
          text: `import * as ${name} from ${JSON.stringify(file)};`,
        });
        replaced.push(s);
        continue;
      }
      // var Enum; (function (Enum) { … })(Enum || (exports.Enum = Enum = {}));
      const next = body[i + 1];
      if (s.kind === 'var' && init === null && next?.type === 'ExpressionStatement') {
        const call = next.expression as Node;
        const args = call.arguments as Node[] | undefined;
        const fn = call.callee as Node | undefined;
        const arg = args?.[0];
        if (
          call.type === 'CallExpression' &&
          fn?.type === 'FunctionExpression' &&
          (fn.params as Node[]).length === 1 &&
          ident((fn.params as Node[])[0], name) &&
          args?.length === 1 &&
          arg?.type === 'LogicalExpression' &&
          arg.operator === '||' &&
          ident(arg.left, name) &&
          code.slice((arg.right as Node).start, (arg.right as Node).end) ===
            `exports.${name} = ${name} = {}`
        ) {
          edits.push({
            start: (arg.right as Node).start,
            end: (arg.right as Node).end,
            text: `${name} = {}`,
          });
          replaced.push(arg.right as Node);
          // The IIFE body only assigns the enum's members (no `exports` inside).
          exported.set(name, 'enum');
          i++;
          checkNoCommonJs(fn!.body as Node);
          continue;
        }
      }
      fail('unexpected declaration', s);
    }
    if (s.type === 'ExpressionStatement' && isNode(s.expression)) {
      const e = s.expression;
      if (e.type === 'AssignmentExpression' && e.operator === '=') {
        // exports.A = exports.B = … = void 0;
        let a: Node = e;
        const names: string[] = [];
        while (a.type === 'AssignmentExpression' && a.operator === '=') {
          const n = exportsMember(a.left);
          if (!n) break;
          names.push(n);
          a = a.right as Node;
        }
        if (
          names.length > 0 &&
          a.type === 'UnaryExpression' &&
          a.operator === 'void' &&
          code.slice(a.start, a.end) === 'void 0'
        ) {
          remove(s);
          replaced.push(s);
          continue;
        }
        const name = exportsMember(e.left);
        const right = e.right as Node;
        // exports.fn = fn;
        if (name && ident(right, name) && functions.has(name)) {
          exported.set(name, 'function');
          remove(s);
          replaced.push(s);
          continue;
        }
        // exports.Message = { fromJSON(object) { … }, toJSON(message) { … } };
        if (name && right.type === 'ObjectExpression') {
          const props = right.properties as Node[];
          const keys = props.map((p) =>
            p.type === 'Property' && p.method === true && !p.computed && ident(p.key)
              ? p.key.name
              : '?',
          );
          if (keys.join(',') !== 'fromJSON,toJSON') fail('unexpected message shape', s);
          if (topLevel.has(name) || exported.has(name)) fail(`${name} declared twice`, s);
          exported.set(name, 'message');
          messages.add(name);
          edits.push({ start: s.start, end: right.start, text: `const ${name} = ` });
          replaced.push(e.left as Node);
          const toJSON = props[1] as Node;
          edits.push({ start: toJSON.start, end: toJSON.end, text: 'toJSON: toJSONRemoved' });
          replaced.push(toJSON);
          stubs++;
          continue;
        }
      }
    }
    fail('unexpected statement', s);
  }

  // Every remaining `exports.X` is a message read from this module: X is now a local constant.
  // A message's name must not be a variable anywhere else in the file (it would be shadowed).
  const inside = (n: Node): boolean => replaced.some((r) => n.start >= r.start && n.end <= r.end);
  walk(ast as unknown as Node, (n, parent) => {
    if (inside(n)) return false;
    const member = exportsMember(n);
    if (member !== undefined) {
      if (exported.get(member) !== 'message') fail(`reads exports.${member}`, n);
      edits.push({ start: n.start, end: n.end, text: member });
      return false;
    }
    if (n.type === 'ThisExpression') fail('uses this', n);
    if (isReference(n, parent)) {
      const name = (n as Node & { name: string }).name;
      if (name === 'exports' || name === 'require' || name === 'module') {
        fail(`uses ${name}`, n);
      }
      if (messages.has(name)) fail(`${name} is also a variable`, n);
    }
    return true;
  });

  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) fail('overlapping edits');
    out += code.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += code.slice(pos);
  if (stubs > 0) {
    out += `\nfunction toJSONRemoved() {\n  throw new Error(${JSON.stringify(TO_JSON_REMOVED)});\n}\n`;
  }
  out += `export { ${[...exported.keys()].join(', ')} };\n`;
  return out;

  function checkNoCommonJs(node: Node): void {
    walk(node, (n, parent) => {
      if (exportsMember(n) !== undefined) fail('enum body writes exports', n);
      if (isReference(n, parent) && ['exports', 'require', 'module'].includes(String(n.name))) {
        fail(`enum body uses ${String(n.name)}`, n);
      }
    });
  }
}

// --- The CommonJS → ES module rewrite of sigstore-js' and the TUF client's modules ------------

/**
 * The packages whose modules (TypeScript's CommonJS output) become ES modules: sigstore-js, and
 * the TUF client's @tufjs/models and tuf-js (the options page's refresh of the trust root).
 * The TUF modules `require` the crypto and util shims, which the worker shares: an ES module
 * that CommonJS requires is wrapped in a lazy initialiser, and so is everything it imports
 * (−2 kB of the worker once nothing requires them).
 */
const SIGSTORE_CJS =
  /[\\/]node_modules[\\/](?:@sigstore[\\/](?:core|bundle|verify)|@tufjs[\\/]models|tuf-js)[\\/]dist[\\/].+\.js$/;

/** The packages those modules may require (any other fails the build). */
const REQUIRABLE = /^(?:@sigstore\/[\w./-]+|@tufjs\/(?:models|canonical-json)|minimatch)$/;

/** TypeScript's interop helpers, declared as `var NAME = (this && this.NAME) || …`. */
const TS_HELPERS = new Set([
  '__createBinding',
  '__setModuleDefault',
  '__importStar',
  '__importDefault',
  '__exportStar',
]);

/** Node's modules the build aliases to the shims (src/shims), which are ES modules. */
const SHIMMED = new Set(['crypto', 'util', 'buffer']);

/**
 * The ES module equivalent of one CommonJS module of sigstore-js or the TUF client (as
 * TypeScript emits them): `require` → `import * as`, `exports.X = …` → a local binding
 * exported as X, getter re-exports and `__exportStar` → `export … from`. The code itself is unchanged. Named exports
 * of an ES module can be tree-shaken and renamed by the minifier, which a CommonJS `exports`
 * object's properties cannot. Throws on any statement shape it does not know, and on any other
 * use of `exports`, `require`, `module` or a top-level `this`. `resolve` gives the specifier
 * to import for a required one (the build: the file a relative one stands for, as Node would
 * find it; other specifiers as they are).
 */
export function sigstoreToEsm(code: string, id: string, resolve: (spec: string) => string): string {
  const fail = (what: string, node?: Node): never => {
    const at = node ? `: ${code.slice(node.start, Math.min(node.end, node.start + 120))}` : '';
    throw new Error(`slim-sigstore: ${id}: ${what}${at}`);
  };
  const ast = parseAst(code) as unknown as { body: Node[] };
  const edits: Edit[] = [];
  /** Ranges handled whole: nothing inside them is looked at again. */
  const replaced: Node[] = [];
  const replace = (node: Node, text: string): void => {
    edits.push({ start: node.start, end: node.end, text });
    replaced.push(node);
  };
  /** Export name → the local binding it exports. */
  const exported = new Map<string, string>();
  const reexports: string[] = [];
  /** Names bound to a required module, and the specifier. */
  const required = new Map<string, string>();
  const topLevel = new Set<string>();
  const helpers = new Set<string>();
  const local = (name: string): string => `__cjs_${name}`;
  if (code.includes('__cjs_')) fail('already uses __cjs_ names');

  const specOf = (call: unknown): string | undefined => {
    if (!isNode(call) || call.type !== 'CallExpression' || !ident(call.callee, 'require')) {
      return undefined;
    }
    const args = call.arguments as Node[];
    const arg = args[0];
    if (args.length !== 1 || arg?.type !== 'Literal' || typeof arg.value !== 'string') {
      return fail('unexpected require', call);
    }
    const spec = arg.value;
    if (spec.startsWith('.') || REQUIRABLE.test(spec) || SHIMMED.has(spec)) {
      return resolve(spec);
    }
    return fail('requires an unexpected package', call);
  };
  const exportName = (name: string, to: string, node: Node): void => {
    if (exported.has(name)) fail(`exports ${name} twice`, node);
    exported.set(name, to);
  };

  for (const s of ast.body) {
    if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && ident(s.id)) {
      topLevel.add(s.id.name);
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations as Node[]) if (ident(d.id)) topLevel.add(d.id.name);
    }
  }

  const body = ast.body;
  for (let i = 0; i < body.length; i++) {
    const s = body[i] as Node;
    const src = code.slice(s.start, s.end);
    if (s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') continue;
    if (s.type === 'ExpressionStatement' && s.directive === 'use strict') {
      replace(s, '');
      continue;
    }
    if (src === 'Object.defineProperty(exports, "__esModule", { value: true });') {
      replace(s, '');
      continue;
    }
    if (s.type === 'VariableDeclaration') {
      const decls = s.declarations as Node[];
      const d = decls[0] as Node;
      const init = d.init as Node | null;
      const name = ident(d.id) ? d.id.name : undefined;
      // var __importStar = (this && this.__importStar) || …
      if (
        decls.length === 1 &&
        name &&
        TS_HELPERS.has(name) &&
        src.startsWith(`var ${name} = (this && this.${name}) || `)
      ) {
        helpers.add(name);
        replace(s, '');
        continue;
      }
      // const x_1 = require("./x"); also wrapped in __importStar / __importDefault
      if (decls.length === 1 && name && s.kind !== 'let' && isNode(init)) {
        let call: Node = init;
        let wrapper: string | undefined;
        if (
          init.type === 'CallExpression' &&
          ident(init.callee) &&
          helpers.has(init.callee.name) &&
          (init.arguments as Node[]).length === 1
        ) {
          wrapper = init.callee.name;
          call = (init.arguments as Node[])[0] as Node;
        }
        const spec = specOf(call);
        if (spec !== undefined) {
          // __importStar/__importDefault return a module flagged __esModule (every module here,
          // and the shims, are) as it is; `import * as` gives the same members.
          if (wrapper && wrapper !== '__importStar' && wrapper !== '__importDefault') {
            fail('unexpected wrapper', s);
          }
          const raw = ((call.arguments as Node[])[0] as Node).value as string;
          if (wrapper === '__importDefault' && !SHIMMED.has(raw)) {
            fail('default import of a module that is not a shim', s);
          }
          required.set(name, spec);
          replace(s, `import * as ${name} from ${JSON.stringify(spec)};`);
          continue;
        }
      }
      // var Enum; (function (Enum) { … })(Enum || (exports.Enum = Enum = {}));
      const next = body[i + 1];
      if (
        decls.length === 1 &&
        name &&
        s.kind === 'var' &&
        init === null &&
        next?.type === 'ExpressionStatement'
      ) {
        const call = next.expression as Node;
        const args = call.arguments as Node[] | undefined;
        const arg = args?.[0];
        if (
          call.type === 'CallExpression' &&
          args?.length === 1 &&
          arg?.type === 'LogicalExpression' &&
          arg.operator === '||' &&
          ident(arg.left, name) &&
          code.slice((arg.right as Node).start, (arg.right as Node).end) ===
            `exports.${name} = ${name} = {}`
        ) {
          replace(arg.right as Node, `${name} = {}`);
          exportName(name, name, s);
          i++;
          continue;
        }
      }
      // Any other declaration is code: checked below like every other statement.
      continue;
    }
    if (s.type === 'ExpressionStatement' && isNode(s.expression)) {
      const e = s.expression;
      if (e.type === 'AssignmentExpression' && e.operator === '=') {
        // exports.A = exports.B = … = void 0;
        let a: Node = e;
        const names: string[] = [];
        while (a.type === 'AssignmentExpression' && a.operator === '=') {
          const n = exportsMember(a.left);
          if (!n) break;
          names.push(n);
          a = a.right as Node;
        }
        if (names.length > 0 && code.slice(a.start, a.end) === 'void 0') {
          replace(s, '');
          continue;
        }
        const name = exportsMember(e.left);
        if (name !== undefined) {
          if (names.length > 1) fail('chained export', s);
          const right = e.right as Node;
          const inner = (right.arguments as Node[] | undefined)?.[0];
          if (
            right.type === 'CallExpression' &&
            ident(right.callee, '__importStar') &&
            helpers.has('__importStar') &&
            (right.arguments as Node[]).length === 1 &&
            specOf(inner) !== undefined
          ) {
            // exports.ns = __importStar(require("./x")); (a namespace, as `export * as`)
            exportName(name, '\0reexport', s);
            reexports.push(`export * as ${name} from ${JSON.stringify(specOf(inner))};`);
            replace(s, '');
          } else if (ident(right) && topLevel.has(right.name)) {
            // exports.X = X; (a function, class or variable of the module)
            exportName(name, right.name, s);
            replace(s, '');
          } else {
            // exports.X = value; → var __cjs_X = value; (undefined before, like the property)
            exportName(name, local(name), s);
            replace(e.left as Node, `var ${local(name)}`);
          }
          continue;
        }
      }
      // Object.defineProperty(exports, "X", { enumerable: true, get: function () { return m.Y; } });
      const getter =
        /^Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);$/.exec(
          src,
        );
      if (getter) {
        const [, name, from, what] = getter as unknown as [string, string, string, string];
        const spec = required.get(from);
        if (spec === undefined) fail('re-exports from a module it did not require', s);
        exportName(name, `\0reexport`, s);
        reexports.push(`export { ${what} as ${name} } from ${JSON.stringify(spec)};`);
        replace(s, '');
        continue;
      }
      // __exportStar(require("./x"), exports);
      if (
        e.type === 'CallExpression' &&
        ident(e.callee, '__exportStar') &&
        helpers.has('__exportStar') &&
        (e.arguments as Node[]).length === 2 &&
        ident((e.arguments as Node[])[1], 'exports')
      ) {
        const spec = specOf((e.arguments as Node[])[0]);
        if (spec === undefined) fail('unexpected __exportStar', s);
        reexports.push(`export * from ${JSON.stringify(spec)};`);
        replace(s, '');
        continue;
      }
    }
    // Anything else is code, kept as it is; the walk below checks it uses no CommonJS.
  }

  // Every remaining `exports.X` reads an export of this module: its local binding. Nothing else
  // may touch `exports`, `require`, `module`, the helpers, or `this` outside a function.
  const inside = (n: Node): boolean => replaced.some((r) => n.start >= r.start && n.end <= r.end);
  const visit = (n: Node, parent: Node | undefined, inFunction: boolean): void => {
    if (inside(n)) return;
    const member = exportsMember(n);
    if (member !== undefined) {
      const to = exported.get(member);
      if (to === undefined || to === '\0reexport') fail(`reads exports.${member}`, n);
      if (parent?.type === 'AssignmentExpression' && parent.left === n) {
        fail(`writes exports.${member}`, n);
      }
      if (parent?.type === 'UpdateExpression') fail(`writes exports.${member}`, n);
      edits.push({ start: n.start, end: n.end, text: to! });
      return;
    }
    if (n.type === 'ThisExpression' && !inFunction) fail('uses this at the top level', n);
    if (isReference(n, parent)) {
      const name = (n as Node & { name: string }).name;
      if (['exports', 'require', 'module'].includes(name) || helpers.has(name)) {
        fail(`uses ${name}`, n);
      }
    }
    const fn =
      inFunction ||
      n.type === 'FunctionDeclaration' ||
      n.type === 'FunctionExpression' ||
      n.type === 'ClassDeclaration' ||
      n.type === 'ClassExpression';
    for (const [key, value] of Object.entries(n)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) visit(v, n, fn);
      } else if (isNode(value)) visit(value, n, fn);
    }
  };
  visit(ast as unknown as Node, undefined, false);

  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) fail('overlapping edits');
    out += code.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += code.slice(pos);
  const own = [...exported].filter(([, to]) => to !== '\0reexport');
  if (own.length > 0) {
    out += `\nexport { ${own.map(([name, to]) => (name === to ? name : `${to} as ${name}`)).join(', ')} };\n`;
  }
  if (reexports.length > 0) out += `\n${reexports.join('\n')}\n`;
  return out;
}

/** The file a relative `require` in `from` stands for: `spec`, `spec.js` or `spec/index.js`. */
export function resolveRelative(from: string, spec: string): string {
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`slim-sigstore: ${from}: cannot resolve ${spec}`);
}

// --- Consumers: only the allowed names are read ------------------------------------------------

/**
 * Throws if `code` (a bundled dependency) reads from a facaded specifier anything but the
 * allowed names, or uses a `require`d facade other than as `x.Name`.
 */
export function checkConsumer(code: string, id = 'module'): void {
  if (!code.includes('@sigstore/')) return;
  const ast = parseAst(code) as unknown as Node;
  const isFacaded = (spec: string): boolean =>
    Object.keys(FACADES).some(
      (f) => spec === f || spec.startsWith(`${f.split('/').slice(0, 2).join('/')}/`),
    );
  const bindings = new Map<string, Record<string, string>>();
  walk(ast, (n, parent) => {
    if (n.type === 'CallExpression' && ident(n.callee, 'require')) {
      const arg = (n.arguments as Node[])[0];
      const spec = arg?.type === 'Literal' ? arg.value : undefined;
      if (typeof spec !== 'string' || !isFacaded(spec)) return true;
      const allowed = FACADES[spec];
      if (!allowed) throw new Error(`slim-sigstore: ${id} requires ${spec}`);
      if (parent?.type !== 'VariableDeclarator' || !ident(parent.id)) {
        throw new Error(`slim-sigstore: ${id}: require(${spec}) not bound to a name`);
      }
      bindings.set(parent.id.name, allowed);
    }
    if (n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration') {
      const spec = (n.source as Node).value;
      if (typeof spec === 'string' && isFacaded(spec)) {
        // ES imports of a missing name fail the build by themselves; `export *` would not.
        if (n.type === 'ExportAllDeclaration') {
          throw new Error(`slim-sigstore: ${id}: export * from ${spec}`);
        }
        if (!FACADES[spec]) {
          throw new Error(`slim-sigstore: ${id} imports ${spec}`);
        }
      }
    }
    return true;
  });
  if (bindings.size === 0) return;
  walk(ast, (n, parent) => {
    if (!isReference(n, parent)) return true;
    const name = (n as Node & { name: string }).name;
    const allowed = bindings.get(name);
    if (!allowed) return true;
    if (parent?.type === 'VariableDeclarator' && parent.id === n) return true;
    const prop = parent?.type === 'MemberExpression' && !parent.computed ? parent.property : null;
    if (parent?.object !== n || !ident(prop) || !Object.hasOwn(allowed, prop.name)) {
      const at = parent ? code.slice(parent.start, parent.end) : name;
      throw new Error(`slim-sigstore: ${id} reads ${at}, not in FACADES`);
    }
    return true;
  });
}

// --- The plugin --------------------------------------------------------------------------------

export function slimSigstore(): Plugin {
  return {
    name: 'slim-sigstore',
    enforce: 'pre',
    resolveId(source) {
      return FACADES[source] ? FACADE_PREFIX + source : null;
    },
    load(id) {
      return id.startsWith(FACADE_PREFIX) ? facadeSource(id.slice(FACADE_PREFIX.length)) : null;
    },
    transform(code, id) {
      if (GENERATED.test(id)) return { code: generatedToEsm(code, id), map: null };
      if (/[\\/]node_modules[\\/]/.test(id) && /\.[cm]?js$/.test(id)) checkConsumer(code, id);
      if (SIGSTORE_CJS.test(id)) {
        const resolve = (spec: string): string =>
          spec.startsWith('.') ? resolveRelative(id, spec) : spec;
        return { code: sigstoreToEsm(code, id, resolve), map: null };
      }
      return null;
    },
  };
}
