import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are an error (schemas say additionalProperties: false), never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

// One validator and one serializer per route schema per process, not per app: the route schemas are
// module constants, and Ajv caches by schema object. Compiling them took every new app (each HTTP
// test builds one) about a second before its first answer; a server builds one app, and is unchanged.
let bodies: Ajv | undefined;
let urlParts: Ajv | undefined;
const serializers = new WeakMap<object, (data: unknown) => string>();

/**
 * JSON bodies are validated as sent: a number where a string belongs is an error. Query strings and
 * path parameters arrive as text, so there numbers and booleans are coerced. Replies are written by
 * fast-json-stringify from their response schema, as Fastify's default does.
 */
export function installValidation(app: FastifyInstance): void {
  bodies ??= makeAjv(false);
  urlParts ??= makeAjv(true);
  const forBodies = bodies;
  const forUrlParts = urlParts;
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? forBodies : forUrlParts).compile(schema as object),
  );
  app.setSerializerCompiler(({ schema }) => {
    let serialize = serializers.get(schema as object);
    if (!serialize) {
      serialize = fastJsonStringify(schema as object) as (data: unknown) => string;
      serializers.set(schema as object, serialize);
    }
    return serialize;
  });
}
