/**
 * The import rules of eslint.config.js (imports point one way) fail on a planted wrong import, and let the right
 * ones through. Linted as text under a path in each folder: nothing is written into the source tree.
 */
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';

const root = path.resolve(__dirname, '../..');
// The project's own config, loaded with require (jest's VM cannot run ESLint's dynamic import of it). Only the
// import rules matter here: without the type-aware parser service the planted files need not exist.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const projectConfig = require('../../eslint.config.js') as Linter.Config[];
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  baseConfig: [
    ...projectConfig,
    {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
    },
  ],
});

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test.each([
  ['domain/planted.ts', "import { defineSignal } from '@temporalio/workflow';\nexport const s = defineSignal('x');", /domain\/ imports no Temporal package/],
  ['domain/calendar/planted.ts', "import type { SearchAttributeType } from '@temporalio/common';\nexport type T = SearchAttributeType;", /domain\/ imports no Temporal package/],
  ['domain/planted.ts', "import { kindAttr } from '../workflows/searchAttributes';\nexport const k = kindAttr;", /domain\/ does not import workflows/],
  ['worker/planted.ts', "import { openServices } from '../client/context';\nexport const o = openServices;", /worker\/ does not import client/],
  ['client/services/planted.ts', "import { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';\nexport const w = assembleAnnualReport;", /client\/ imports workflow code only as types/],
  ['bench/planted.ts', "import { freshRegister } from '../tests/register/register.test';\nexport const f = freshRegister;", /bench\/ does not import from tests/],
  ['activities/planted.ts', "import { SmtpCapture } from '../testing/smtp';\nexport const s = SmtpCapture;", /production code does not import the tests/],
])('%s: a wrong import fails the lint', async (file, code, message) => {
  const errors = await importErrors(file, code);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
});

test.each([
  ['worker/planted.ts', "import { Client } from '@temporalio/client';\nimport { temporalAddress } from '../config';\nexport const c = [Client, temporalAddress];"],
  ['client/services/planted.ts', "import type { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';\nimport { reportStateQuery } from '../../workflows/report/definitions';\nimport { kindAttr } from '../../workflows/searchAttributes';\nexport type W = typeof assembleAnnualReport;\nexport const v = [reportStateQuery, kindAttr];"],
  ['bench/planted.ts', "import { freshRegister } from '../testing/register';\nexport const f = freshRegister;"],
  ['domain/planted.ts', "import { addDays } from './calendar';\nexport const a = addDays;"],
])('%s: the imports that point the right way pass', async (file, code) => {
  expect(await importErrors(file, code)).toEqual([]);
});
