// Prints one plain closing line, "jest: N passed, N failed[, N skipped]", that CI systems
// which do not parse Jest's own summary can read.
class SummaryLineReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `jest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
		process.stdout.write(`\n${line}\n`);
	}
}

module.exports = SummaryLineReporter;
