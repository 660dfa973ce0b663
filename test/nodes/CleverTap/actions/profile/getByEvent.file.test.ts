/**
 * Get by Event with Output = One File, in n8n's filesystem binary data mode (n8n 2.x's default
 * in regular mode): the store is initialised here as n8n does at start-up, so the file really
 * goes to disk through n8n's own code.
 */
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { n8nContainer } from '../../../../helpers/n8n-internals';
import type { FaultSpec } from '../../../../simulator';
import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const JANUARY = { eventName: 'Charged', fromDate: '2024-01-01', toDate: '2024-01-31' };

const storagePath = mkdtempSync(path.join(tmpdir(), 'clevertap-binary-'));
let binaryData: BinaryDataService;

beforeAll(async () => {
	process.env.N8N_BINARY_DATA_STORAGE_PATH = storagePath;
	binaryData = n8nContainer().get(BinaryDataService);
	await binaryData.init();
});
afterAll(() => rmSync(storagePath, { recursive: true, force: true }));

/** The sizes of the files in n8n's binary data store. */
const fileSizes = () =>
	readdirSync(storagePath, { recursive: true, encoding: 'utf8' })
		.map((relative) => statSync(path.join(storagePath, relative)))
		.filter((stats) => stats.isFile())
		.map((stats) => stats.size);

describe('Get by Event, One File, in n8n filesystem binary mode', () => {
	const simulator = useSimulator();
	const truth = () => simulator.current.dataset.profilesFor('Charged', 20240101, 20240131);
	const truthIds = () => simulator.current.dataset.objectIdsFor('Charged', 20240101, 20240131);

	async function exportFile(parameters: IDataObject) {
		const result = await runCleverTap(
			{
				resource: 'profile',
				operation: 'getByEvent',
				...JANUARY,
				output: 'file',
				...parameters,
				options: { batchSize: 23, retryDelay: 1, ...(parameters.options as IDataObject) },
			},
			{ credentials: simulatorCredentials(simulator.current) },
		);
		const [item] = result.outputOf(NODE_NAME);
		const file = item?.binary?.[String(parameters.binaryPropertyName ?? 'data')];
		const text = file ? (await binaryData.getAsBuffer(file)).toString('utf8') : undefined;
		return { result, item, file: file as IBinaryData | undefined, text };
	}

	const linesOf = (text = '') => text.split('\n').filter((line) => line !== '');

	/**
	 * Runs once for the tests of a describe: useSimulator clears requests and faults before each
	 * test, which is after a beforeAll, so the run sets its own faults here.
	 */
	function startClean(faults: FaultSpec[]) {
		simulator.current.clearRequests();
		simulator.current.setFaults(faults);
	}
	const pagesAsked = () =>
		simulator.current.requests.filter((request) => request.method === 'GET').length;

	describe('JSON Lines, with a page of repeated profiles and Drop Repeated Profiles on', () => {
		let exported: Awaited<ReturnType<typeof exportFile>>;
		let pages: number;
		beforeAll(async () => {
			startClean([{ kind: 'repeatedProfiles', at: 2 }]);
			exported = await exportFile({ options: { includeAppFields: true } });
			pages = pagesAsked();
		});

		it("keeps the file in n8n's filesystem store", () => {
			expect(exported.file?.id).toMatch(/^filesystem/);
		});

		it('names the file for the event and days, as JSON Lines', () => {
			expect(exported.file).toMatchObject({
				fileName: 'clevertap-Charged-20240101-20240131.jsonl',
				mimeType: 'application/x-ndjson',
			});
		});

		it('writes every profile once, as CleverTap sent it', () => {
			expect(linesOf(exported.text).map((line) => JSON.parse(line))).toEqual(
				JSON.parse(JSON.stringify(truth())),
			);
		});

		it("reports the export's totals in the item's json", () => {
			expect(exported.item?.json).toEqual({
				event: 'Charged',
				from: 20240101,
				to: 20240131,
				profiles: truth().length,
				pages,
				requests: pages + 1,
				bytes: Buffer.byteLength(exported.text ?? ''),
			});
		});

		it('pairs the item with its input', () => {
			expect(exported.item?.pairedItem).toEqual({ item: 0 });
		});
	});

	describe('CSV with Plan and City, a page of repeated profiles, Drop Repeated Profiles off', () => {
		let file: IBinaryData | undefined;
		let header: string;
		let rows: string[];
		beforeAll(async () => {
			startClean([{ kind: 'repeatedProfiles', at: 2 }]);
			const exported = await exportFile({
				fileFormat: 'csv',
				binaryPropertyName: 'report',
				options: {
					csvProperties: 'plan, city',
					includeAppFields: true,
					dropRepeatedProfiles: false,
				},
			});
			file = exported.file;
			[header, ...rows] = linesOf(exported.text);
		});
		const ids = () => rows.map((row) => row.split(',')[0]);

		it('names the file for the event and days, as CSV', () => {
			expect(file).toMatchObject({
				fileName: 'clevertap-Charged-20240101-20240131.csv',
				mimeType: 'text/csv',
			});
		});

		it('starts with a header of the simplified fields, then the listed properties', () => {
			expect(header).toBe(
				'cleverTapId,identity,email,name,phone,platforms,eventCount,firstSeen,lastSeen,plan,city',
			);
		});

		it('has a row for each profile of the range', () => {
			expect([...new Set(ids())].sort()).toEqual(truthIds().sort());
		});

		it('keeps the repeated rows as CleverTap sent them', () => {
			expect(ids().length).toBeGreaterThan(truthIds().length);
		});

		it("writes a profile's simplified fields and listed properties in its row", () => {
			const someone = truth().find((record) => record.email && record.name)!;
			const row = rows.find((line) => line.startsWith(`${someone.platformInfo[0].objectId},`));
			const summary = someone.events.Charged;
			expect(row).toBe(
				[
					someone.platformInfo[0].objectId,
					someone.identity ?? '',
					someone.email,
					someone.name,
					someone.platformInfo.find((platform) => platform.phone)?.phone ?? '',
					[...new Set(someone.platformInfo.map((platform) => platform.platform))].join('|'),
					summary.count,
					new Date(summary.first_seen * 1000).toISOString(),
					new Date(summary.last_seen * 1000).toISOString(),
					someone.profileData.plan,
					someone.profileData.city,
				].join(','),
			);
		});
	});

	describe('an export whose fifth page never answers', () => {
		let bytesOnDiskDuringPageFive: number;
		let filesBefore: number;
		let result: Awaited<ReturnType<typeof exportFile>>['result'];
		beforeAll(async () => {
			// By page 5, pages 1-4 must already be on disk, not held in memory.
			startClean([{ kind: 'hang', at: 5 }]);
			filesBefore = fileSizes().length;
			let finished = false;
			const run = exportFile({ options: { maxRetries: 0, timeout: 2 } }).finally(() => {
				finished = true;
			});
			while (pagesAsked() < 5 && !finished) await new Promise((resolve) => setTimeout(resolve, 20));
			bytesOnDiskDuringPageFive = fileSizes().reduce((sum, size) => sum + size, 0);
			({ result } = await run);
		});

		it('has written the pages before it to disk as they arrived', () => {
			expect(bytesOnDiskDuringPageFive).toBeGreaterThan(4 * 23 * 200);
		});

		it('fails, saying CleverTap did not answer within the Timeout', () => {
			expect(result.error?.message).toMatch(/did not answer within 2 seconds/);
		});

		it('outputs no item', () => {
			expect(result.outputOf(NODE_NAME)).toEqual([]);
		});

		it('keeps no file', () => {
			expect(fileSizes()).toHaveLength(filesBefore);
		});
	});
});
