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

	it('JSON Lines: every profile once (Drop Repeated Profiles on), in a file on disk, with the totals in json', async () => {
		simulator.current.setFaults([{ kind: 'repeatedProfiles', at: 2 }]);
		const { item, file, text } = await exportFile({ options: { includeAppFields: true } });

		expect(file?.id).toMatch(/^filesystem/);
		expect(file).toMatchObject({
			fileName: 'clevertap-Charged-20240101-20240131.jsonl',
			mimeType: 'application/x-ndjson',
		});
		expect(linesOf(text).map((line) => JSON.parse(line))).toEqual(
			JSON.parse(JSON.stringify(truth())),
		);
		const pages = simulator.current.requests.filter((request) => request.method === 'GET').length;
		expect(item?.json).toEqual({
			event: 'Charged',
			from: 20240101,
			to: 20240131,
			profiles: truth().length,
			pages,
			requests: pages + 1,
			bytes: Buffer.byteLength(text ?? ''),
		});
		expect(item?.pairedItem).toEqual({ item: 0 });
	});

	it('CSV: a header, then one row per profile with the listed custom properties; Drop Repeated Profiles off keeps repeats as CleverTap sent them', async () => {
		simulator.current.setFaults([{ kind: 'repeatedProfiles', at: 2 }]);
		const { file, text } = await exportFile({
			fileFormat: 'csv',
			binaryPropertyName: 'report',
			options: { csvProperties: 'plan, city', includeAppFields: true, dropRepeatedProfiles: false },
		});

		expect(file).toMatchObject({
			fileName: 'clevertap-Charged-20240101-20240131.csv',
			mimeType: 'text/csv',
		});
		const [header, ...rows] = linesOf(text);
		expect(header).toBe(
			'cleverTapId,identity,email,name,phone,platforms,eventCount,firstSeen,lastSeen,plan,city',
		);
		const ids = rows.map((row) => row.split(',')[0]);
		expect([...new Set(ids)].sort()).toEqual(truthIds().sort());
		expect(ids.length).toBeGreaterThan(truthIds().length);
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

	it('writes pages to disk as they arrive, and keeps no file when the export fails', async () => {
		// Page 5 never answers: by then pages 1-4 must already be on disk, not held in memory.
		simulator.current.setFaults([{ kind: 'hang', at: 5 }]);
		const pageFiveAsked = () =>
			simulator.current.requests.filter((request) => request.method === 'GET').length >= 5;
		const before = fileSizes().length;
		let finished = false;
		const run = exportFile({ options: { maxRetries: 0, timeout: 2 } }).finally(() => {
			finished = true;
		});
		while (!pageFiveAsked() && !finished) await new Promise((resolve) => setTimeout(resolve, 20));
		const bytesOnDiskDuringPageFive = fileSizes().reduce((sum, size) => sum + size, 0);
		const { result } = await run;

		expect(bytesOnDiskDuringPageFive).toBeGreaterThan(4 * 23 * 200);
		expect(result.error?.message).toMatch(/did not answer within 2 seconds/);
		expect(result.outputOf(NODE_NAME)).toEqual([]);
		expect(fileSizes()).toHaveLength(before);
	});
});
