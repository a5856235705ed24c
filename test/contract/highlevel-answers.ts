/**
 * HighLevel's success answers generated from its official contract (spec/ghl-api-v2): for each
 * operation the server uses, random bodies that fit the documented response schema, with every
 * optional field sometimes left out. The two searches document no answer at all; for them the
 * schema below is written from the shapes HighLevel is known to send.
 *
 * Generation is seeded and offline: every `$ref` is inlined from the spec files here, and the
 * generator's own resolver refuses anything left, so nothing is ever fetched.
 */
import { readFileSync } from 'node:fs';
import { createGeneratorSync, type JsonSchema } from 'json-schema-faker';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const contactsSpec = new URL('../../spec/ghl-api-v2/apps/contacts.json', import.meta.url);

const documents = new Map<string, JsonObject>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadDocument(url: URL): JsonObject {
  const cached = documents.get(url.href);
  if (cached) return cached;
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (!isObject(parsed)) throw new Error(`${url.href} is not a JSON object`);
  documents.set(url.href, parsed);
  return parsed;
}

function resolvePointer(document: JsonObject, pointer: string): Json {
  let node: Json = document;
  for (const segment of pointer.split('/').slice(1)) {
    if (!isObject(node) || !(segment in node)) throw new Error(`Unresolvable pointer ${pointer}`);
    node = node[segment] ?? null;
  }
  return node;
}

/**
 * An OpenAPI 3.0 schema as a self-contained JSON Schema for the generator: `$ref`s inlined
 * (also across files), `nullable` as a `null` type. `example` becomes `examples` when
 * `withExamples` is set, so the generator uses the contract's own example values; else it is
 * dropped.
 */
function generatorSchema(schema: Json, file: URL, withExamples: boolean): Json {
  if (Array.isArray(schema)) return schema.map((item) => generatorSchema(item, file, withExamples));
  if (!isObject(schema)) return schema;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target === '' ? file : new URL(target, file);
    return generatorSchema(resolvePointer(loadDocument(targetFile), pointer), targetFile, withExamples);
  }
  const converted: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'nullable' || keyword === 'description') continue;
    if (keyword === 'example') {
      if (withExamples) converted.examples = [value];
    } else if (keyword === 'properties' && isObject(value)) {
      converted.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, generatorSchema(property, file, withExamples)]),
      );
    } else {
      converted[keyword] = generatorSchema(value, file, withExamples);
    }
  }
  const type = converted.type;
  if (schema.nullable === true && typeof type === 'string') converted.type = [type, 'null'];
  return converted;
}

/** A component of the contacts spec, for the generator. */
function component(name: string, withExamples: boolean): Json {
  return generatorSchema({ $ref: `#/components/schemas/${name}` }, contactsSpec, withExamples);
}

/** The 200 body the spec documents for an operation, for the generator. */
function documentedAnswer(method: string, path: string, status: number, withExamples: boolean): Json {
  const paths = loadDocument(contactsSpec).paths;
  const item = isObject(paths) ? paths[path] : undefined;
  const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
  const responses = isObject(operation) ? operation.responses : undefined;
  const response = isObject(responses) ? responses[String(status)] : undefined;
  const content = isObject(response) ? response.content : undefined;
  const media = isObject(content) ? content['application/json'] : undefined;
  if (!isObject(media) || media.schema === undefined) throw new Error(`${method} ${path} documents no ${status} body`);
  return generatorSchema(media.schema, contactsSpec, withExamples);
}

/**
 * `POST /contacts/search`: `{contacts, total}` (HighLevel's search guide), `{contacts, meta:
 * {total}}`, `{contacts, count}` (as the other list endpoints), or an empty object.
 */
function searchAnswer(withExamples: boolean): Json {
  const contacts = { type: 'array', items: component('GetContectByIdSchema', withExamples) };
  return {
    anyOf: [
      { type: 'object', required: ['contacts', 'total'], properties: { contacts, total: { type: 'integer', minimum: 0 } } },
      {
        type: 'object',
        required: ['contacts', 'meta'],
        properties: {
          contacts,
          meta: { type: 'object', required: ['total'], properties: { total: { type: 'integer', minimum: 0 } } },
        },
      },
      { type: 'object', required: ['contacts', 'count'], properties: { contacts, count: { type: 'integer', minimum: 0 } } },
      { type: 'object', properties: {}, additionalProperties: false },
    ],
  };
}

/** `GET /contacts/search/duplicate`: `{contact}`, `{contact: null}` or `{}`. */
function duplicateAnswer(withExamples: boolean): Json {
  return {
    type: 'object',
    properties: { contact: { anyOf: [component('GetContectByIdSchema', withExamples), { type: 'null' }] } },
  };
}

/** An operation of HighLevel's the server uses, by its documented method and path. */
export interface HighLevelOperation {
  /** What it is in the sidebar's words, e.g. `complete task`. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as the spec writes it. */
  path: string;
  /** The success status HighLevel answers with. */
  status: number;
  /** False for the searches, whose answer the contract leaves unsaid. */
  documented: boolean;
  /** A write: one HighLevel performs, which must reach it once. */
  write: boolean;
}

const operation = (
  name: string,
  method: HighLevelOperation['method'],
  path: string,
  status: number,
  options: { documented?: boolean; write?: boolean } = {},
): HighLevelOperation => ({ name, method, path, status, documented: options.documented ?? true, write: options.write ?? false });

/** Every HighLevel operation the server uses. */
export const highLevelOperations = {
  search: operation('search', 'POST', '/contacts/search', 200, { documented: false }),
  duplicate: operation('duplicate search', 'GET', '/contacts/search/duplicate', 200, { documented: false }),
  getContact: operation('get contact', 'GET', '/contacts/{contactId}', 200),
  business: operation('contacts of a business', 'GET', '/contacts/business/{businessId}', 200),
  tasks: operation('tasks', 'GET', '/contacts/{contactId}/tasks', 200),
  notes: operation('notes', 'GET', '/contacts/{contactId}/notes', 200),
  appointments: operation('appointments', 'GET', '/contacts/{contactId}/appointments', 200),
  createContact: operation('create contact', 'POST', '/contacts/', 201, { write: true }),
  updateContact: operation('update contact', 'PUT', '/contacts/{contactId}', 200, { write: true }),
  createTask: operation('create task', 'POST', '/contacts/{contactId}/tasks', 201, { write: true }),
  updateTask: operation('update task', 'PUT', '/contacts/{contactId}/tasks/{taskId}', 200, { write: true }),
  completeTask: operation('complete task', 'PUT', '/contacts/{contactId}/tasks/{taskId}/completed', 200, { write: true }),
  deleteTask: operation('delete task', 'DELETE', '/contacts/{contactId}/tasks/{taskId}', 200, { write: true }),
  addTags: operation('add tags', 'POST', '/contacts/{contactId}/tags', 201, { write: true }),
  removeTags: operation('remove tags', 'DELETE', '/contacts/{contactId}/tags', 200, { write: true }),
  createNote: operation('create note', 'POST', '/contacts/{contactId}/notes', 201, { write: true }),
} as const;

export type OperationKey = keyof typeof highLevelOperations;

/** The generator schema of an operation's success answer. */
function answerSchema(key: OperationKey, withExamples: boolean): Json {
  const { method, path, status } = highLevelOperations[key];
  if (key === 'search') return searchAnswer(withExamples);
  if (key === 'duplicate') return duplicateAnswer(withExamples);
  return documentedAnswer(method, path, status, withExamples);
}

/** A generated answer, and whether its values came from the contract's own examples. */
export interface GeneratedAnswer {
  body: unknown;
  fromExamples: boolean;
}

/**
 * `count` random answers for an operation, reproducible by `seed`; each optional field is left
 * out half the time. Every `examplesEvery`-th answer takes its values from the contract's own
 * examples instead (which do not always fit its schema: `followers` is an array whose example
 * is a string), so the client is held to both.
 */
export function generateAnswers(key: OperationKey, count: number, options: { seed: number; examplesEvery?: number }): GeneratedAnswer[] {
  const offline = {
    optionalsProbability: 0.5,
    maxDefaultItems: 4,
    refResolver: (ref: string): never => {
      throw new Error(`Refusing to resolve ${ref}: every reference is inlined, nothing is fetched`);
    },
  };
  const random = createGeneratorSync({ ...offline, seed: options.seed });
  const fromExamples = createGeneratorSync({ ...offline, seed: options.seed + 1, useExamplesValue: true, filterExampleDefaults: true });
  const plainSchema = toGeneratorInput(answerSchema(key, false));
  const exampleSchema = toGeneratorInput(answerSchema(key, true));
  return Array.from({ length: count }, (_, index) => {
    const useExamples = options.examplesEvery !== undefined && (index + 1) % options.examplesEvery === 0;
    return useExamples
      ? { body: fromExamples.generate(exampleSchema), fromExamples: true }
      : { body: random.generate(plainSchema), fromExamples: false };
  });
}

function toGeneratorInput(schema: Json): JsonSchema {
  if (!isObject(schema)) throw new Error('An answer schema must be an object');
  return schema;
}
