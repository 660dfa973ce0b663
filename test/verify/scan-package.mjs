// Runs n8n's verification scanner (@n8n/scan-community-package) on a folder, as n8n scans a package
// before marking it verified, and prints its verdict as JSON. ESM, because the scanner is.
//   node scan-package.mjs <folder> [source]   ("source": only the files n8n scans in a source checkout)
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, mode] = process.argv.slice(2);
const result = await analyzePackage(folder, mode === 'source' ? SOURCE_FILE_PATTERNS : undefined);
process.stdout.write(
	`${JSON.stringify({ passed: result.passed, message: result.message ?? null, details: result.details ?? null })}\n`,
);
