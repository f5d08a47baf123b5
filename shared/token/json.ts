/** A decoded JOSE header or JWT Claims Set: always a JSON object (RFC 7515 §4, RFC 7519 §4). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
