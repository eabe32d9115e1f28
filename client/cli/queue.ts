/** `gongkai queue --as USER [--json]`: the user's open review tasks across all items, soonest due first. */
import { queue as userQueue } from '../services/review';
import { withRegister } from './reviewServices';
import { str, UsageError, type CliIO, type Values } from './io';

export async function queue(_: string[], v: Values, io: CliIO): Promise<number> {
  const as = str(v, 'as');
  if (!as) throw new UsageError('缺少 --as USER');
  const tasks = await withRegister((db) => userQueue({ db }, as));
  if (v.json) io.out(JSON.stringify(tasks));
  else for (const t of tasks) io.out(`${t.due ?? '-'}  ${t.itemId}  ${t.stageName}  ${t.holder ?? '(未认领)'}  ${t.category}  ${t.title}`);
  return 0;
}
