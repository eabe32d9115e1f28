/** `gongkai queue --as USER [--json]`: the user's open review tasks across all items, soonest due first. */
import { parseArgs } from 'node:util';
import { queue, ReviewError } from '../services/review';
import { withRegister } from './reviewServices';
import { UsageError, type CliCommand } from './io';

const usage = 'usage: gongkai queue --as USER [--json]';

export const queueCommand: CliCommand = async (args, io) => {
  let values: { as?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { as: { type: 'string' }, json: { type: 'boolean' } }, strict: true }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${usage}`);
  }
  if (!values.as) throw new UsageError(`--as is required; ${usage}`);
  try {
    const tasks = await withRegister((db) => queue({ db }, values.as!));
    if (values.json) io.out(JSON.stringify(tasks));
    else for (const t of tasks) io.out(`${t.due ?? '-'}  ${t.itemId}  ${t.stageName}  ${t.holder ?? '(未认领)'}  ${t.category}  ${t.title}`);
    return 0;
  } catch (e) {
    if (e instanceof ReviewError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
};
