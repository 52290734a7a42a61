/**
 * Names each test that passed only on a retry, with the error of the attempt that failed: Vitest's
 * default report says "retry x1" and nothing more, and a flaky test is fixed from its error.
 */
import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

export default class RetriedReporter implements Reporter {
  onTestCaseResult(test: TestCase): void {
    const retries = test.diagnostic()?.retryCount ?? 0;
    const result = test.result();
    if (retries === 0 || result.state !== 'passed') return;
    const errors = (result.errors ?? []).map((error) => `  ${(error.stack ?? error.message).split('\n').slice(0, 8).join('\n  ')}`);
    console.log(
      `\nPassed on retry ${retries}: ${relative(process.cwd(), test.module.moduleId)} > ${test.fullName}\n${errors.join('\n') || '  (Vitest kept no error of the failed attempt)'}`,
    );
  }
}
