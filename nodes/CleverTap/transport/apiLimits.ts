/**
 * CleverTap limits concurrency per API, not per time window: this many requests of one account
 * may be in flight to each API at once; one more is answered 429. The limiter keeps each
 * process within these, and the project's simulator enforces the same table.
 */
export const CONCURRENT_REQUESTS = {
	profiles: 3,
	events: 3,
	counts: 3,
	delete: 3,
	upload: 15,
} as const;

export type ApiGroup = keyof typeof CONCURRENT_REQUESTS;

const GROUP_OF_PATH: Array<[RegExp, ApiGroup]> = [
	[/^\/1\/profiles?\.json$/, 'profiles'],
	[/^\/1\/events\.json$/, 'events'],
	[/^\/1\/counts\//, 'counts'],
	[/^\/1\/delete\/profiles\.json$/, 'delete'],
	[/^\/1\/upload$/, 'upload'],
];

/** The API an endpoint path (`/1/profiles.json`, without region prefix or query) belongs to. */
export function apiGroupOf(path: string): ApiGroup | undefined {
	return GROUP_OF_PATH.find(([pattern]) => pattern.test(path))?.[1];
}

/** The API of an endpoint the node calls: every one of them is in the table above. */
export function requireApiGroup(path: string): ApiGroup {
	const group = apiGroupOf(path);
	if (group === undefined) throw new Error(`No CleverTap API limit is known for ${path}`);
	return group;
}
