/**
 * Names each test that passed only on a retry, with the error of the attempt that failed: Vitest's
 * default report says "retry x1" and nothing more, and a flaky test is fixed from its error. Then, as
 * the run's very last line, how many tests needed a retry, so a rising rate is seen at a glance:
 * `Retried: 2 of 580 tests passed only on a retry`.
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

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

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    let ran = 0;
    let retried = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state !== 'passed' && state !== 'failed') continue;
        ran++;
        if (state === 'passed' && (test.diagnostic()?.retryCount ?? 0) > 0) retried++;
      }
    }
    // Vitest calls every reporter's onTestRunEnd at once and the default one prints its totals
    // synchronously; yielding a turn first keeps this line after them even if that changes.
    await new Promise((resolve) => setImmediate(resolve));
    console.log(retried ? `Retried: ${retried} of ${ran} tests passed only on a retry` : `Retried: 0 of ${ran} tests`);
  }
}
