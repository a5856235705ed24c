/**
 * HighLevel's contacts OpenAPI spec (spec/ghl-api-v2, OpenAPI 3.0) as validators: the contract
 * the HighLevel sandbox and the HighLevel client are both held to.
 *
 * OpenAPI 3.0 schemas are not quite JSON Schema, so each is converted before ajv sees it:
 * `$ref`s (also across files, `../common/common-schemas.json#/...`) are inlined, `nullable: true`
 * becomes a `null` type, and `example` is dropped. Request bodies are validated closed (every
 * object that declares properties refuses others) because HighLevel answers 422 to unknown
 * properties; responses are validated open, since HighLevel sends more than it documents.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const specRoot = new URL('../../spec/ghl-api-v2/', import.meta.url);
const contactsSpec = new URL('apps/contacts.json', specRoot);

const documents = new Map<string, JsonObject>();

function loadDocument(url: URL): JsonObject {
  const key = url.href;
  let document = documents.get(key);
  if (!document) {
    const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
    if (!isObject(parsed)) throw new Error(`${key} is not a JSON object`);
    document = parsed;
    documents.set(key, document);
  }
  return document;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value a JSON pointer (`/components/schemas/X`) names inside a document. */
function resolvePointer(document: JsonObject, pointer: string): Json {
  let node: Json = document;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(segment in node)) throw new Error(`Unresolvable pointer ${pointer}`);
    node = node[segment] ?? null;
  }
  return node;
}

/** Keywords of OpenAPI 3.0 schemas that JSON Schema validation must not see. */
const droppedKeywords = new Set(['example', 'examples', 'nullable', 'xml', 'externalDocs', 'discriminator', 'deprecated']);

/**
 * An OpenAPI 3.0 schema as standalone JSON Schema. `closed` adds `additionalProperties: false`
 * to every object schema that declares properties and says nothing else about extra ones.
 */
function toJsonSchema(schema: Json, file: URL, closed: boolean, refStack: string[] = []): Json {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, file, closed, refStack));
  if (!isObject(schema)) return schema;

  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target === '' ? file : new URL(target, file);
    const refKey = `${targetFile.href}#${pointer}`;
    // The contacts spec has no recursive schemas; should one appear, its inner use accepts anything.
    if (refStack.includes(refKey)) return {};
    return toJsonSchema(resolvePointer(loadDocument(targetFile), pointer), targetFile, closed, [...refStack, refKey]);
  }

  const converted: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (droppedKeywords.has(keyword)) continue;
    if (keyword === 'properties' && isObject(value)) {
      converted.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property, file, closed, refStack)]),
      );
    } else if ((keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') && isObject(value)) {
      converted[keyword] = toJsonSchema(value, file, closed, refStack);
    } else if ((keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf') && Array.isArray(value)) {
      converted[keyword] = value.map((branch) => toJsonSchema(branch, file, closed, refStack));
    } else {
      converted[keyword] = value;
    }
  }

  const properties = converted.properties;
  if (closed && isObject(properties) && Object.keys(properties).length > 0 && !('additionalProperties' in converted)) {
    converted.additionalProperties = false;
  }
  if (schema.nullable === true) return allowNull(converted);
  return converted;
}

function allowNull(schema: JsonObject): JsonObject {
  const { type, enum: allowed } = schema;
  if (typeof type === 'string') {
    return { ...schema, type: [type, 'null'], ...(Array.isArray(allowed) ? { enum: [...allowed, null] } : {}) };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** A component schema of the contacts spec, converted. */
function contactsComponent(name: string, closed: boolean): Json {
  return toJsonSchema({ $ref: `#/components/schemas/${name}` }, contactsSpec, closed);
}

const searchOperators = ['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range'];

/**
 * Where the spec is silent, what HighLevel documents elsewhere. `SearchBodyV2DTO` declares no
 * properties and the two search operations document no 200 body; these come from HighLevel's
 * search guide that the spec's `externalDocs` links to. A test checks the spec is still silent
 * there, so a newer spec copy replaces them.
 */
const supplements: Record<string, { requestBody?: () => Json; responses?: Record<number, () => Json> }> = {
  'post /contacts/search': {
    requestBody: () => ({
      $defs: {
        filter: {
          type: 'object',
          required: ['field', 'operator'],
          additionalProperties: false,
          properties: { field: { type: 'string' }, operator: { enum: searchOperators }, value: {} },
        },
        group: {
          type: 'object',
          required: ['group', 'filters'],
          additionalProperties: false,
          properties: {
            group: { enum: ['AND', 'OR'] },
            filters: { type: 'array', items: { anyOf: [{ $ref: '#/$defs/filter' }, { $ref: '#/$defs/group' }] } },
          },
        },
      },
      type: 'object',
      required: ['locationId', 'pageLimit'],
      additionalProperties: false,
      properties: {
        locationId: { type: 'string' },
        page: { type: 'integer', minimum: 1 },
        pageLimit: { type: 'integer', minimum: 1, maximum: 500 },
        searchAfter: { type: 'array' },
        query: { type: 'string', maxLength: 75 },
        filters: { type: 'array', items: { anyOf: [{ $ref: '#/$defs/filter' }, { $ref: '#/$defs/group' }] } },
        sort: {
          type: 'array',
          maxItems: 2,
          items: {
            type: 'object',
            required: ['field', 'direction'],
            additionalProperties: false,
            properties: { field: { type: 'string' }, direction: { enum: ['asc', 'desc'] } },
          },
        },
      },
    }),
    responses: {
      200: () => ({
        type: 'object',
        required: ['contacts', 'total'],
        properties: {
          contacts: { type: 'array', items: contactsComponent('GetContectByIdSchema', false) },
          total: { type: 'number' },
        },
      }),
    },
  },
  'get /contacts/search/duplicate': {
    responses: {
      200: () => ({
        type: 'object',
        required: ['contact'],
        properties: { contact: { anyOf: [contactsComponent('GetContectByIdSchema', false), { type: 'null' }] } },
      }),
    },
  },
};

/** The supplements in use, for the test that checks the spec still needs them. */
export const supplementedOperations = Object.keys(supplements);

interface Operation {
  key: string;
  method: string;
  path: string;
  spec: JsonObject;
}

/** `/contacts/{contactId}/notes/{id}` and `/contacts/{c}/notes/{noteId}` name the same path. */
function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

/** The documented operation for a method and path template; parameter names and a trailing slash may differ. */
function findOperation(method: string, pathTemplate: string): Operation {
  const paths = loadDocument(contactsSpec).paths;
  if (!isObject(paths)) throw new Error('The spec has no paths');
  const verb = method.toLowerCase();
  const wanted = pathShape(pathTemplate);
  for (const [path, item] of Object.entries(paths)) {
    if (pathShape(path) !== wanted || !isObject(item)) continue;
    const spec = item[verb];
    if (isObject(spec)) return { key: `${verb} ${path.replace(/\/+$/, '') || '/'}`, method: verb, path, spec };
  }
  throw new Error(`${method.toUpperCase()} ${pathTemplate} is not in the spec`);
}

/** Every operation the spec documents, as `METHOD path` pairs. */
export function documentedOperations(): Array<{ method: string; path: string }> {
  const paths = loadDocument(contactsSpec).paths;
  if (!isObject(paths)) return [];
  return Object.entries(paths).flatMap(([path, item]) =>
    isObject(item)
      ? Object.keys(item)
          .filter((verb) => ['get', 'post', 'put', 'delete', 'patch'].includes(verb))
          .map((verb) => ({ method: verb.toUpperCase(), path }))
      : [],
  );
}

/** The statuses the spec documents for an operation. */
export function documentedStatuses(method: string, pathTemplate: string): number[] {
  const responses = findOperation(method, pathTemplate).spec.responses;
  return isObject(responses) ? Object.keys(responses).map(Number).sort((a, b) => a - b) : [];
}

/** The JSON schema the spec gives an operation's request body or one of its responses, if any. */
function specSchema(operation: Operation, part: 'request' | number): Json | undefined {
  const holder = part === 'request' ? operation.spec.requestBody : isObject(operation.spec.responses) ? operation.spec.responses[String(part)] : undefined;
  if (!isObject(holder) || !isObject(holder.content)) return undefined;
  const media = holder.content['application/json'];
  return isObject(media) && media.schema !== undefined ? media.schema : undefined;
}

/** Whether the spec's own schema for this part leaves its shape unsaid (absent, or an object without properties). */
export function specIsSilent(method: string, pathTemplate: string, part: 'request' | number): boolean {
  const operation = findOperation(method, pathTemplate);
  const schema = specSchema(operation, part);
  if (schema === undefined) return true;
  const converted = toJsonSchema(schema, contactsSpec, false);
  return isObject(converted) && converted.type === 'object' && (!isObject(converted.properties) || Object.keys(converted.properties).length === 0);
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction | null>();

function validatorFor(cacheKey: string, build: () => Json | undefined): ValidateFunction | null {
  if (!validators.has(cacheKey)) {
    const schema = build();
    validators.set(cacheKey, schema === undefined ? null : ajv.compile(schema as object));
  }
  return validators.get(cacheKey) ?? null;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(body)' : error.instancePath;
    const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
    return `${where} ${error.message ?? 'is invalid'}${extra}`;
  });
}

/**
 * Problems with a response against the spec: empty when the status is documented for the
 * operation and the body fits its schema (an operation documenting no body accepts any body).
 */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  const operation = findOperation(method, pathTemplate);
  const statuses = documentedStatuses(method, pathTemplate);
  if (!statuses.includes(status)) {
    return [`status ${status} is not documented for ${method.toUpperCase()} ${operation.path} (documented: ${statuses.join(', ')})`];
  }
  const validate = validatorFor(`response ${operation.key} ${status}`, () => {
    const supplement = supplements[operation.key]?.responses?.[status];
    if (supplement) return supplement();
    const schema = specSchema(operation, status);
    return schema === undefined ? undefined : toJsonSchema(schema, contactsSpec, false);
  });
  if (!validate || validate(body)) return [];
  return describeErrors(validate.errors);
}

/**
 * Problems with a request body against the operation's requestBody schema, refusing properties
 * the schema does not declare (HighLevel answers those with 422). Empty when the body fits.
 */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): string[] {
  const operation = findOperation(method, pathTemplate);
  const requestBody = operation.spec.requestBody;
  if (!isObject(requestBody)) {
    return body === undefined ? [] : [`${method.toUpperCase()} ${operation.path} takes no request body`];
  }
  if (body === undefined) {
    return requestBody.required === true ? [`${method.toUpperCase()} ${operation.path} requires a request body`] : [];
  }
  const validate = validatorFor(`request ${operation.key}`, () => {
    const supplement = supplements[operation.key]?.requestBody;
    if (supplement) return supplement();
    const schema = specSchema(operation, 'request');
    return schema === undefined ? undefined : toJsonSchema(schema, contactsSpec, true);
  });
  if (!validate || validate(body)) return [];
  return describeErrors(validate.errors);
}

/**
 * Problems with an error body for a status the spec does not document for an operation (most
 * operations list only 200/201, 400, 401 and 422, yet HighLevel also answers 403, 404 and 429).
 * Such bodies are held to the spec's common error schemas (`UnprocessableDTO` for 422,
 * `UnauthorizedDTO` for 401, `BadRequestDTO` otherwise), with `statusCode` and `message`
 * required and `statusCode` equal to the status.
 */
export function validateErrorBody(status: number, body: unknown): string[] {
  const common = status === 422 ? 'UnprocessableDTO' : status === 401 ? 'UnauthorizedDTO' : 'BadRequestDTO';
  const validate = validatorFor(`error ${status}`, () => ({
    allOf: [
      toJsonSchema({ $ref: `../common/common-schemas.json#/components/schemas/${common}` }, contactsSpec, false),
      { type: 'object', required: ['statusCode', 'message'], properties: { statusCode: { const: status } } },
    ],
  }));
  if (!validate || validate(body)) return [];
  return describeErrors(validate.errors);
}
