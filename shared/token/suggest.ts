/** Edit distance (Levenshtein), bounded: stops counting once it is over `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * The known name an unknown one was probably meant to be ("cf_projct" → "cf_project",
 * "Priority" → "priority"), or undefined when none is close: at most two edits, and fewer than
 * a third of the name, so short names do not match everything.
 */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  const exactCase = known.find((name) => name.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const max = Math.min(2, Math.floor(unknown.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(lower, name, max);
    if (d <= max && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
