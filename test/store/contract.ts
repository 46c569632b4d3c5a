/**
 * The store contract (src/store/port.ts), run against every implementation: sqlite.test.ts and
 * postgres.test.ts call `runStoreContract` with a function that opens a store. Each test clears the store
 * first, so an implementation whose `open` returns the same database every time is fine.
 */
import { describe } from 'node:test';
import type { Store } from '../../src/store/port.js';
import type { ContractOptions } from './contract-helpers.js';
import { registerEntryTests, registerInputTests, registerListTests } from './contract-entries.js';
import { registerEventTests, registerLifecycleTests } from './contract-events.js';
import { registerS3Tests } from './contract-s3.js';
import { registerTransactionTests } from './contract-transactions.js';

export function runStoreContract(name: string, open: () => Promise<Store>, options: ContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    registerEntryTests(open);
    registerListTests(open);
    registerInputTests(open);
    registerTransactionTests(open);
    registerEventTests(open);
    registerLifecycleTests(open, options);
    registerS3Tests(open);
  });
}
