/** Refuse to run tests (which create and drop data) against a database that is not on this machine. */
export function assertLocalDatabaseUrl(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]", ""].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database host (${host}).`);
  }
}
