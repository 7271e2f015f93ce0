/** A JSON request or response body in an OpenAPI route: `{ description, ...json(Schema) }`. */
export const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
