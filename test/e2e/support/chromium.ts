/**
 * Debian's Chromium, driven by playwright-core. Playwright's own browser downloads cannot work
 * here (no internet), so the browser comes from apt: installed on first use when running as root,
 * which CI on a fresh machine is.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { log, runCommand } from './processes';

export const CHROMIUM = '/usr/bin/chromium';

export async function ensureChromium(): Promise<string> {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${CHROMIUM} is missing. Install Debian's Chromium: sudo apt-get install -y chromium`,
		);
	}
	log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runCommand('apt-get', ['update', '-qq'], { env, timeoutMs: 5 * 60_000 });
	await runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 10 * 60_000,
	});
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
	return CHROMIUM;
}

export interface Browser {
	context: BrowserContext;
	/** Requests the page tried to send anywhere but 127.0.0.1 (all refused). */
	blockedRequests: string[];
	close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, the flags this machine needs, and every request to
 * anything but 127.0.0.1 refused before it leaves the browser.
 */
export async function launchChromium(): Promise<Browser> {
	const executablePath = await ensureChromium();
	const profile = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1440, height: 900 },
		timeout: 60_000,
	});
	const blockedRequests: string[] = [];
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:')
			return await route.continue();
		blockedRequests.push(url.href);
		return await route.abort('blockedbyclient');
	});
	return {
		context,
		blockedRequests,
		async close() {
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}
