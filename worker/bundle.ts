import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * How the workflow code is bundled, the same for the production worker, the tests and the benchmarks.
 *
 * With the SDK's reusable V8 context every workflow execution evaluates its own copy of each module it imports.
 * zod alone is about 2.5 MB and tens of milliseconds per copy: with 10,000 open applications that was most of the
 * worker's memory and of the time to open or replay a case (bench/applications.ts). Preloaded modules are
 * evaluated once per worker thread, deep-frozen and shared. Only stateless libraries belong here: a module that
 * keeps per-workflow state, or that imports `@temporalio/workflow`, would leak between executions.
 */
export const preloadModules = [require.resolve('./preload')];

/** For `Worker.create({ workflowsPath, bundlerOptions })`: the worker bundles the workflows itself. */
export const bundlerOptions = { preloadModules };

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };

/** The workflow bundle as code, built ahead for the tests, the benchmarks and their worker processes. */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), preloadModules, logger: quiet as never });
  return code;
}
