import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { errorCodeLabels } from '../../domain/dictionary';
import { Failure, FAILURE_KINDS, failureKindOf, LEGACY_FAILURE_TYPES, type FailureKind } from '../../domain/failures';
import { EXIT_BY_FAILURE, reportFailure } from '../../client/cli/failures';
import { asFailure } from '../../client/failures';
import { stateOrNull } from '../../client/http/backend';
import { failureHttpError, HTTP_BY_FAILURE } from '../../client/http/failures';
import type { Services } from '../../client/context';
import { showApplication } from '../../client/services/applications';
import { intakeSchema } from '../../domain/application';
import { insertApplication } from '../../register/applications';
import { freshRegister } from '../../testing/register';
import { importDemoOrg } from '../../testing/review-helpers';

// One set of failure kinds (domain/failures.ts), mapped once to HTTP and once to the CLI's exit status.
const kinds = Object.keys(FAILURE_KINDS) as FailureKind[];
const updateFailed = (type: string, message: string) => new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

test('every kind has its status and code, a Chinese label, and its exit status (2 only for bad input)', () => {
  for (const k of kinds) {
    const [status, code] = HTTP_BY_FAILURE[k];
    expect(status).toBeGreaterThanOrEqual(400);
    expect(errorCodeLabels[code]).toMatch(/[\u4e00-\u9fff]/);
    expect(EXIT_BY_FAILURE[k][0]).toBe(k === 'Invalid' ? 2 : 1);
  }
});

test('a workflow refusal, of a current kind or a name older workers still write, is that failure', () => {
  expect(asFailure(updateFailed('Rule', '答复期限只能延长一次'))).toMatchObject({ kind: 'Rule', message: '答复期限只能延长一次' });
  for (const [legacy, kind] of Object.entries(LEGACY_FAILURE_TYPES)) expect(asFailure(updateFailed(legacy, 'x'))?.kind).toBe(kind);
  expect(failureKindOf('WrongStage')).toBe('Refused');
  expect(asFailure(updateFailed('SomethingElse', 'y'))?.kind).toBe('Rule');
  expect(asFailure(new Error('boom'))).toBeUndefined();
});

test('HTTP: a 403 starts with 无权操作 whoever refused, once; the field travels', () => {
  expect(failureHttpError(updateFailed('Forbidden', 'actor：zhou.min 不是承办人'))).toMatchObject({ statusCode: 403, code: 'forbidden', message: '无权操作：actor：zhou.min 不是承办人' });
  expect(failureHttpError(new Failure('Forbidden', '无权操作：已有前缀'))?.message).toBe('无权操作：已有前缀');
  expect(failureHttpError(new Failure('Refused', '编号已用于申请', 'externalRef'))).toMatchObject({ statusCode: 409, code: 'refused', field: 'externalRef' });
  expect(failureHttpError(updateFailed('WrongStage', 'x'))).toMatchObject({ statusCode: 409 });
  expect(failureHttpError(new Error('boom'))).toBeUndefined();
});

test('CLI: one line on stderr, refused or error, and the exit status', () => {
  const err: string[] = [];
  const io = { out: () => undefined, err: (l: string) => err.push(l) };
  expect(reportFailure(io, updateFailed('Rule', '不符合规则'))).toBe(1);
  expect(reportFailure(io, new Failure('Invalid', 'periodWorkdays：1 至 30'))).toBe(2);
  expect(reportFailure(io, new Error('boom'))).toBeUndefined();
  expect(err).toEqual(['refused: 不符合规则', 'error: periodWorkdays：1 至 30']);
});

test('a workflow state: null only when there is no workflow; a query that fails otherwise is a 503 in Chinese, not "no process"', async () => {
  expect(await stateOrNull(() => Promise.reject(new WorkflowNotFoundError('gone', 'application-X', undefined)))).toBeNull();
  expect(await stateOrNull(() => Promise.resolve({ stage: 'handling' }))).toEqual({ stage: 'handling' });
  const busy = await stateOrNull(() => Promise.reject(new Error('Query timed out'))).catch((e: unknown) => e);
  expect(busy).toMatchObject({ statusCode: 503, code: 'unavailable' });
  expect((busy as Error).message).toMatch(/^流程引擎暂时未应答/);
  expect(errorCodeLabels.unavailable).toMatch(/[\u4e00-\u9fff]/);
});

test('the CLI shows a case whose workflow is gone from the register alone, and refuses (NotReady) when the engine does not answer', async () => {
  const db = await freshRegister();
  try {
    await importDemoOrg(db);
    const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: '2026-03-02', applicant: { type: 'naturalPerson', name: '申请人甲', idDocument: { number: '430602199001011234' } }, content: '申请公开第1号文件' });
    const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
    const withQuery = (query: () => Promise<unknown>) => ({ db, temporal: { workflow: { getHandle: () => ({ query }) } } }) as unknown as Services;
    const gone = await showApplication(withQuery(() => Promise.reject(new WorkflowNotFoundError('gone', row.workflow_id, undefined))), row.id, 'liu.yang');
    expect(gone).toMatchObject({ row: { id: row.id }, state: null });
    const busy = await showApplication(withQuery(() => Promise.reject(new Error('Query timed out'))), row.id, 'liu.yang').catch((e: unknown) => e);
    expect(asFailure(busy)).toMatchObject({ kind: 'NotReady', message: expect.stringMatching(/^流程引擎暂时未应答.*请稍后再试$/) });
  } finally {
    await db.destroy();
  }
});
