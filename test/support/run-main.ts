/** Runs a command-line script's main function: its number is the exit code; a throw prints and exits 1. */
export function runMain(main: () => Promise<number>): void {
	main().then(
		(exitCode) => {
			process.exitCode = exitCode;
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
