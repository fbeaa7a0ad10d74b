// Checks JSON API answers against the OpenAPI document (src/web/static/openapi.json): the
// operation and status must be documented, the documented headers present and well-formed, the
// media type one the document lists, and the body valid against its schema (ajv). The harness's
// request helpers run every /api/v1 answer through it, so every API suite checks the document.
//
// Schema $refs (#/components/schemas/...) are resolved by ajv against the whole document, added
// as one schema; response and header $refs (#/components/responses/..., #/components/headers/...)
// are resolved here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const API_PREFIX = '/api/v1';
const DOC_ID = 'plaza-openapi.json';

const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/// Follows a local $ref ("#/a/b") inside `doc`, repeatedly; other objects come back as they are.
export function resolveRef(doc, node) {
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((at, key) => (at === undefined ? undefined : at[key]), doc);
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve`);
  }
  return node;
}

/// JSON pointer of a path in `doc` (for ajv).
function pointer(parts) {
  return '#/' + parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function pathRegex(template) {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export class ApiSchema {
  /// `doc`: the parsed OpenAPI document; `Ajv`: ajv's constructor.
  constructor(doc, Ajv) {
    this.doc = doc;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    this.ajv.addFormat('date-time', RFC3339);
    this.ajv.addFormat('uri', (value) => URL.canParse(value));
    this.ajv.addSchema(doc, DOC_ID);
    this.paths = Object.keys(doc.paths).map((template) => ({ template, re: pathRegex(template) }));
    this.validators = new Map();
  }

  /// The documented path template that `path` (without the prefix and query) matches, or null.
  matchPath(path) {
    const hit = this.paths.find(({ re }) => re.test(path));
    return hit ? hit.template : null;
  }

  schemaValidator(parts) {
    const key = pointer(parts);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.getSchema(DOC_ID + key);
      if (!validate) throw new Error(`no schema at ${key}`);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /// Problems with one answer (an empty list when it matches the document).
  /// `res`: {method, path, status, header(name) → string|null, text}.
  check(res) {
    const problems = [];
    const url = new URL(res.path, 'http://plaza.invalid');
    if (!url.pathname.startsWith(API_PREFIX + '/')) return problems;
    const path = url.pathname.slice(API_PREFIX.length);
    const method = res.method.toUpperCase();
    const what = `${method} ${url.pathname} → ${res.status}`;
    const template = this.matchPath(path);
    const router = this.doc['x-plaza-router-responses'];
    let responses;
    let where;
    if (template === null) {
      responses = { 404: router['404'] };
      where = ['x-plaza-router-responses'];
    } else {
      const item = this.doc.paths[template];
      const operation = item[method === 'HEAD' ? 'get' : method.toLowerCase()];
      if (operation) {
        responses = operation.responses;
        where = ['paths', template, method === 'HEAD' ? 'get' : method.toLowerCase(), 'responses'];
      } else {
        responses = { 405: router['405'] };
        where = ['x-plaza-router-responses'];
      }
    }
    let status = String(res.status);
    if (!(status in responses)) {
      if (!('default' in responses) || res.status < 400) {
        return [`${what}: status ${status} is not documented (${where.join(' ')})`];
      }
      status = 'default';
    }
    const response = resolveRef(this.doc, responses[status]);
    // A `default` answer names the statuses it stands for (x-plaza-statuses): any other status
    // is undocumented.
    if (status === 'default' && !(response['x-plaza-statuses'] ?? []).includes(res.status)) {
      return [`${what}: status ${res.status} is not documented (${where.join(' ')})`];
    }
    // The $ref target's location, for ajv pointers into the document.
    const responseParts = responses[status].$ref
      ? responses[status].$ref.slice(2).split('/')
      : [...where, status];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const spec = resolveRef(this.doc, header);
      const value = res.header(name);
      if (value === null || value === undefined) {
        if (spec.required) problems.push(`${what}: header ${name} is documented as required but missing`);
        continue;
      }
      const schema = spec.schema ?? {};
      const typed = schema.type === 'integer' ? (/^-?\d+$/.test(value) ? Number(value) : value) : value;
      const validate = this.ajv.compile(schema);
      if (!validate(typed)) {
        problems.push(`${what}: header ${name}: ${JSON.stringify(value)} ${this.ajv.errorsText(validate.errors)}`);
      }
    }
    if (method === 'HEAD') return problems;
    const contentType = (res.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (res.text !== '') problems.push(`${what}: the document lists no body, got ${res.text.slice(0, 200)}`);
      return problems;
    }
    if (!(contentType in content)) {
      problems.push(`${what}: content-type ${JSON.stringify(contentType)} is not one of ${Object.keys(content)}`);
      return problems;
    }
    if (contentType !== 'application/json') return problems;
    let body;
    try {
      body = JSON.parse(res.text);
    } catch (err) {
      problems.push(`${what}: the body is not JSON (${err.message})`);
      return problems;
    }
    const validate = this.schemaValidator([...responseParts, 'content', contentType, 'schema']);
    if (!validate(body)) {
      problems.push(
        `${what}: the body does not match the document: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${res.text.slice(0, 600)}`,
      );
    }
    return problems;
  }
}

let shared = null;

/// The schema of `src/web/static/openapi.json` under `sourceDir`, made once per process.
export async function apiSchema(sourceDir) {
  if (!shared) {
    let Ajv;
    try {
      ({ default: Ajv } = await import('ajv'));
    } catch (err) {
      throw new Error(`ajv is not installed: run \`npm ci --ignore-scripts\` in tests/e2e (${err.message})`);
    }
    const doc = JSON.parse(readFileSync(join(sourceDir, 'src/web/static/openapi.json'), 'utf8'));
    shared = new ApiSchema(doc, Ajv);
  }
  return shared;
}
