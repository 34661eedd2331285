import { buildServer } from '../server/build';

/** Cross-package tests run the built server, as `pnpm start` does: build it fresh first. */
export default async function setup(): Promise<void> {
  await buildServer();
}
