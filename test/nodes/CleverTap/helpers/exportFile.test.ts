import {
	createFileWriter,
	exportFileName,
	parsePropertyList,
} from '../../../../nodes/CleverTap/helpers/exportFile';

const JANUARY = { from: 20240101, to: 20240131 };

it.each([
	['Charged', 'clevertap-Charged-20240101-20240131.csv'],
	['App Launched', 'clevertap-App_Launched-20240101-20240131.csv'],
	['../../etc/passwd', 'clevertap-etc_passwd-20240101-20240131.csv'],
	['Käufe/Woche', 'clevertap-K_ufe_Woche-20240101-20240131.csv'],
	['///', 'clevertap-event-20240101-20240131.csv'],
])('exportFileName makes %p safe for any file system', (eventName, fileName) => {
	expect(exportFileName(eventName, JANUARY, 'csv')).toBe(fileName);
});

it('the CSV writer quotes cells holding commas, quotes or line breaks', () => {
	const writer = createFileWriter('csv', 'Charged', parsePropertyList(' note , ,note'));
	expect(writer.header).toMatch(/,lastSeen,note\n$/);
	const line = writer.line({
		name: 'Doe, "Jane"',
		profileData: { note: 'two\nlines' },
		platformInfo: [{ platform: 'iOS', objectId: 'id-1' }],
	});
	expect(line).toBe('id-1,,,"Doe, ""Jane""",,iOS,,,,"two\nlines"\n');
});
