import type { Field } from '../../../shared/schemas/fields.ts';

/**
 * The filled-in values in the catalog's order and with its labels; a value the catalog does not
 * (or no longer) know follows under its API name.
 */
export function inCatalogOrder(values: Record<string, unknown>, catalog: readonly Field[]) {
  const filled = (name: string) => values[name] !== undefined && values[name] !== null && values[name] !== '';
  const known = new Set(catalog.map((f) => f.name));
  return [
    ...catalog.filter((f) => filled(f.name)).map((f) => ({ name: f.name, label: f.label, value: values[f.name] })),
    ...Object.keys(values)
      .filter((name) => !known.has(name) && filled(name))
      .map((name) => ({ name, label: name, value: values[name] })),
  ];
}
