import { profiles } from '../../../../nodes/CleverTap/exports/profiles';
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
	expect(exportFileName('clevertap', eventName, JANUARY, 'csv')).toBe(fileName);
});

const csvLine = (record: Record<string, unknown>, properties = 'note') =>
	createFileWriter(
		'csv',
		profiles.shapeFor('Charged', {}).csvTable(parsePropertyList(properties)),
	).line(record);

it('the CSV header lists the simplified fields, then each custom property once', () => {
	const writer = createFileWriter(
		'csv',
		profiles.shapeFor('Charged', {}).csvTable(parsePropertyList(' note , ,note')),
	);
	expect(writer.header).toMatch(/^cleverTapId,.*,lastSeen,note\n$/);
});

it('the CSV writer quotes cells holding commas, quotes or line breaks', () => {
	const line = csvLine({
		name: 'Doe, "Jane"',
		profileData: { note: 'two\nlines' },
		platformInfo: [{ platform: 'iOS', objectId: 'id-1' }],
	});
	expect(line).toBe('id-1,,,"Doe, ""Jane""",,iOS,,,,"two\nlines"\n');
});

it.each([
	['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
	['+cmd', "'+cmd"],
	['-2+3', "'-2+3"],
	['@SUM(A1)', "'@SUM(A1)"],
	['\tlead', "'\tlead"],
	['+14155551234', '+14155551234'],
	['-3.5', '-3.5'],
	['plain', 'plain'],
])(
	'a CSV text cell %p is written as %p, so that no spreadsheet runs it as a formula',
	(note, cell) => {
		expect(csvLine({ profileData: { note } })).toBe(`,,,,,,,,,${cell}\n`);
	},
);

it("the CSV writer leaves the CleverTap ID as it is, though an iOS ID starts with '-'", () => {
	expect(csvLine({ platformInfo: [{ objectId: '-g2d3f4' }] }, '')).toMatch(/^-g2d3f4,/);
});
