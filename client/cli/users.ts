/** `gongkai users import FILE`: loads users, groups and roles into the register (domain/org.ts format). */
import * as fs from 'node:fs';
import { z } from 'zod';
import { organisationFile } from '../../domain/org';
import { importOrganisation } from '../../register/org';
import { withRegister } from './reviewServices';
import { UsageError, type CliCommand } from './io';

const usage = 'usage: gongkai users import FILE';

export const usersCommand: CliCommand = async (args, io) => {
  const [verb, file, ...rest] = args;
  if (verb !== 'import' || !file || rest.length) throw new UsageError(usage);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const parsed = organisationFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error)}`);
  const r = await withRegister((db) => importOrganisation(db, parsed.data));
  io.out(`imported ${r.users} users, ${r.groups} groups`);
  return 0;
};
