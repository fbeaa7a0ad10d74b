// The JSON API, the posting throttle and the page security headers against the real binary, on
// SQLite and (with PLAZA_TEST_PG) on PostgreSQL.

import { forEachBackend } from '../e2e/harness.mjs';
import { defineApiSuite, defineThrottleSuite } from './api_suite.mjs';

await forEachBackend((backend, storage) => {
  defineApiSuite(backend, storage);
  defineThrottleSuite(backend, storage);
});
