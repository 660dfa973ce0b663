/**
 * The field of `={{ $json.name }}` or `={{ $json["name"] }}`: the most common expression of all,
 * read straight from the item. Evaluating it through n8n costs more than everything else per item.
 */
export function plainJsonField(expression: unknown): string | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(["'])([^"'\\]*)\2\s*\])\s*\}\}$/.exec(
		expression,
	);
	return match ? (match[1] ?? match[3]) : undefined;
}
