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
 *   `fromJSON` is untouched.
 *
 * The rewrite accepts only the statement shapes protoc-gen-ts_proto emits and throws on
 * anything else, so a protobuf-specs upgrade that changes them fails the build instead of
 * changing behaviour. scripts/slim-sigstore.test.ts checks the facades against the packages'
 * indexes and the rewritten modules against the originals on every fixture;
 * test/built-verifier.test.ts checks the built worker (fixtures and the conformance suite).
 */
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
      return null;
    },
  };
}
