const PLACEHOLDER = /\{\{(\d+)\}\}/g;

/** The placeholder numbers of a WhatsApp-style body, in the order they appear ("{{2}} … {{1}}" → [2, 1]). */
export function listPlaceholders(body: string): number[] {
  return [...body.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));
}

/**
 * Replaces `{{n}}` with `values[n - 1]` in one pass, the way Twilio fills a Content template (a value
 * that itself contains "{{1}}" is not filled again). Throws when a placeholder has no value.
 */
export function fillPlaceholders(params: { body: string; values: readonly string[] }): string {
  return params.body.replace(PLACEHOLDER, (_, n: string) => {
    const value = params.values[Number(n) - 1];
    if (value === undefined) throw new Error(`fillPlaceholders: no value for {{${n}}}`);
    return value;
  });
}
