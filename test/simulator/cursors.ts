/**
 * Export cursors. Each cursor names one state of one export: which records (the export) and where
 * in them (the position). Cursors never change once issued, so retrying a cursor returns the page
 * that was due, and a fault that withholds records simply hands out a cursor at an earlier position.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { ExportShape } from './dataset';

export interface ExportJob {
	accountId: string;
	/** User indices in export order. */
	users: number[];
	/** Records per page; Infinity when batch_size was below 23 [seen: acts as unlimited]. */
	pageSize: number;
	shape: ExportShape;
	createdAt: number;
	lastUsedAt: number;
	/** Set by the expiredCursor fault: the export is dead before its time. */
	expiredEarly: boolean;
}

export interface CursorState {
	job: ExportJob;
	position: number;
	page: number;
}

export interface CursorLifetime {
	/** From the cursor POST. */
	maxAgeMs: number;
	/** From the last request that used the export. */
	idleMs: number;
}

/** About 4 h after creation, 1 h idle, for event exports [seen, unofficial]. */
export const CLEVERTAP_CURSOR_LIFETIME: CursorLifetime = {
	maxAgeMs: 4 * 3_600_000,
	idleMs: 3_600_000,
};

export class CursorStore {
	/** By keyOf(cursor). */
	private readonly states = new Map<string, CursorState>();

	constructor(
		private readonly clock: () => number,
		private readonly lifetime: CursorLifetime,
	) {}

	startExport(accountId: string, users: number[], pageSize: number, shape: ExportShape): ExportJob {
		this.forgetLongDeadExports();
		const now = this.clock();
		return {
			accountId,
			users,
			pageSize,
			shape,
			createdAt: now,
			lastUsedAt: now,
			expiredEarly: false,
		};
	}

	issue(job: ExportJob, position: number, page: number): string {
		let cursor = newCursorText();
		while (this.states.has(keyOf(cursor))) cursor = newCursorText();
		this.states.set(keyOf(cursor), { job, position, page });
		return cursor;
	}

	/** Looks the cursor up exactly as it arrived on the wire: no decoding. */
	find(rawCursor: string): CursorState | undefined {
		return this.states.get(keyOf(rawCursor));
	}

	isExpired(job: ExportJob): boolean {
		const now = this.clock();
		return (
			job.expiredEarly ||
			now - job.createdAt > this.lifetime.maxAgeMs ||
			now - job.lastUsedAt > this.lifetime.idleMs
		);
	}

	touch(job: ExportJob): void {
		job.lastUsedAt = this.clock();
	}

	expireNow(job: ExportJob): void {
		job.expiredEarly = true;
	}

	/**
	 * Long-running demos and benchmarks would otherwise keep every cursor ever issued. An expired
	 * export is still recognised (and reported expired) for a while before it is forgotten.
	 */
	private forgetLongDeadExports(): void {
		const now = this.clock();
		const forgetAfter = this.lifetime.maxAgeMs + this.lifetime.idleMs;
		for (const [key, { job }] of this.states) {
			if (
				now - job.lastUsedAt > forgetAfter ||
				(job.expiredEarly && now - job.lastUsedAt > this.lifetime.idleMs)
			) {
				this.states.delete(key);
			}
		}
	}
}

/**
 * Cursors are kept by digest, not by their 2 KB text: a benchmark walking 50,000 profiles 23 at a
 * time issues thousands of them, and the text itself is only needed by the client.
 */
function keyOf(cursor: string): string {
	return createHash('sha1').update(cursor).digest('base64');
}

/**
 * An opaque cursor as CleverTap hands it out: 1.5-2.2 KB of base64 (with '/', '+' and '=' padding),
 * already percent-encoded (%2F, %2B, %3D). The client must send it back exactly as received.
 */
export function newCursorText(): string {
	let byteCount = randomInt(1126, 1575);
	if (byteCount % 3 === 0) byteCount++; // a length that is not a multiple of 3 ends in '=' padding
	let base64 = randomBytes(byteCount).toString('base64');
	// Make sure both characters that need encoding appear, as they do in every real cursor.
	if (!base64.includes('/')) base64 = `/${base64.slice(1)}`;
	if (!base64.includes('+')) base64 = `${base64.slice(0, 1)}+${base64.slice(2)}`;
	return encodeURIComponent(base64);
}
