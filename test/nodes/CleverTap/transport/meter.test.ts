import type { IExecuteFunctions } from 'n8n-workflow';

import { createExportMeter } from '../../../../nodes/CleverTap/transport/meter';

describe('export progress lines', () => {
	beforeEach(() => jest.useFakeTimers({ now: new Date('2024-02-01T00:00:00Z') }));
	afterEach(() => jest.useRealTimers());

	/** A meter over 25 seconds of an export, one page of 100 profiles a second. */
	function meterOver25Seconds() {
		const lines: Array<{ message: string; meta: unknown }> = [];
		const context = {
			logger: { info: (message: string, meta: unknown) => lines.push({ message, meta }) },
		} as unknown as IExecuteFunctions;
		const meter = createExportMeter.call(context, 'Charged', 'profiles');

		for (let second = 1; second <= 25; second++) {
			jest.setSystemTime(Date.parse('2024-02-01T00:00:00Z') + second * 1000);
			meter.pageArrived(100);
		}
		return { lines, meter };
	}

	it('logs at most one info line per 10 s of an export, with pages, profiles and time', () => {
		expect(meterOver25Seconds().lines.map((line) => line.message)).toEqual([
			'CleverTap export of "Charged": 10 pages, 1000 profiles so far, 10 s',
			'CleverTap export of "Charged": 20 pages, 2000 profiles so far, 20 s',
		]);
	});

	it('counts every page and profile, logged or not', () => {
		expect(meterOver25Seconds().meter).toMatchObject({ pages: 25, records: 2500 });
	});
});
