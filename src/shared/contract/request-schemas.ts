import type { z } from 'zod';
import type { RequestChannel, RequestInput } from './channels.ts';
import {
  byId,
  celeryByDeployment,
  celeryCommandInput,
  celeryRejectedInput,
  celeryTaskInput,
  celeryTasksQuery,
  byTenant,
  deploymentCreateInput,
  deploymentUpdateInput,
  draftTestInput,
  empty,
  pickFileInput,
  tenantCreateInput,
  tenantUpdateInput,
} from './schemas.ts';

/** The validator every door runs on a request's input before the engine sees it. */
export const requestSchemas = {
  'app.info': empty,
  'tenants.list': empty,
  'tenants.get': byId,
  'tenants.create': tenantCreateInput,
  'tenants.update': tenantUpdateInput,
  'tenants.remove': byId,
  'deployments.list': byTenant,
  'deployments.get': byId,
  'deployments.create': deploymentCreateInput,
  'deployments.update': deploymentUpdateInput,
  'deployments.remove': byId,
  'deployments.test': byId,
  'connections.testDraft': draftTestInput,
  'dialog.pickFile': pickFileInput,
  'celery.overview': celeryByDeployment,
  'celery.workers': celeryByDeployment,
  'celery.tasks': celeryTasksQuery,
  'celery.task': celeryTaskInput,
  'celery.rejected': celeryRejectedInput,
  'celery.inspect': celeryCommandInput,
  'celery.control': celeryCommandInput,
} satisfies { [C in RequestChannel]: z.ZodType<RequestInput<C>> };
