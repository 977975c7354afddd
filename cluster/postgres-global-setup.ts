/**
 * Vitest globalSetup for the `integration` project: one throwaway PostgreSQL per run (a few
 * seconds), shared by every test file through the `postgresUrl` it provides; each test file
 * makes its own databases in it. ROLECALL_TEST_DATABASE_URL points the suite at a running
 * server instead (a superuser's connection string).
 */
import type { TestProject } from "vitest/node";
import { startPostgres, type RunningPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let pg: RunningPostgres | null = null;

export default async function setup(project: TestProject) {
  const given = process.env.ROLECALL_TEST_DATABASE_URL;
  if (!given) pg = await startPostgres();
  project.provide("postgresUrl", given || pg!.url);
  return async () => {
    await pg?.stop();
    pg = null;
  };
}
