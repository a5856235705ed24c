/** A contact's tasks: list, read, create, update, complete, delete. */
import type { Created, CrmPort } from '../port';
import { OutsideError } from '../../platform/outside-http';
import { readItems } from './reading';
import { checkedInput, confirmDeleted, contactPath, pathSegment, type RequestKit } from './requests';
import {
  deletedResponseSchema,
  ghlTaskSchema,
  newTaskSchema,
  taskByIdResponseSchema,
  tasksResponseSchema,
  taskUpdateSchema,
  taskWrittenResponseSchema,
  type GhlNewTask,
  type GhlTask,
  type GhlTaskUpdate,
} from './schemas';

/** The task methods of the client; those of the CRM port are checked against it. */
export interface GhlTaskMethods
  extends Pick<CrmPort, 'getTasks' | 'createTask' | 'updateTask' | 'deleteTask' | 'setTaskCompleted'> {
  /** `GET /contacts/{contactId}/tasks`; a task without a usable id is left out (and reported). */
  getTasks(contactId: string): Promise<GhlTask[]>;
  /** `GET /contacts/{contactId}/tasks/{taskId}`. */
  getTask(contactId: string, taskId: string): Promise<GhlTask>;
  /**
   * `POST /contacts/{contactId}/tasks`; not retried after a 5xx or timeout. Null when HighLevel
   * created it but its answer cannot be read.
   */
  createTask(contactId: string, task: GhlNewTask): Promise<Created<GhlTask>>;
  /** `PUT /contacts/{contactId}/tasks/{taskId}`: the task as changed, or null when the answer cannot be read. */
  updateTask(contactId: string, taskId: string, update: GhlTaskUpdate): Promise<GhlTask | null>;
  /** `DELETE /contacts/{contactId}/tasks/{taskId}`. */
  deleteTask(contactId: string, taskId: string): Promise<void>;
  /** `PUT /contacts/{contactId}/tasks/{taskId}/completed`: as `updateTask`. */
  setTaskCompleted(contactId: string, taskId: string, completed: boolean): Promise<GhlTask | null>;
}

/** `/contacts/{contactId}/tasks/{taskId}` with both ids encoded. */
function taskPath(contactId: string, taskId: string, operation: string): string {
  return `${contactPath(contactId, operation)}/tasks/${pathSegment(taskId, 'taskId', operation)}`;
}

export function taskMethods(kit: RequestKit): GhlTaskMethods {
  return {
    async getTasks(contactId) {
      const operation = 'GET /contacts/{contactId}/tasks';
      const path = `${contactPath(contactId, operation)}/tasks`;
      return kit.read({ contactId }, { path, schema: tasksResponseSchema }, ({ tasks }) =>
        readItems(tasks, ghlTaskSchema, { operation, what: 'task' }, kit.report),
      );
    },

    async getTask(contactId, taskId) {
      const path = taskPath(contactId, taskId, 'GET /contacts/{contactId}/tasks/{taskId}');
      return kit.read({ contactId }, { path, schema: taskByIdResponseSchema }, ({ task }) => ({
        ...task,
        id: task.id ?? taskId,
      }));
    },

    async createTask(contactId, task) {
      const operation = 'POST /contacts/{contactId}/tasks';
      const path = `${contactPath(contactId, operation)}/tasks`;
      const fields = checkedInput(newTaskSchema, task, operation);
      const body = await kit.write(
        { contactId },
        { method: 'POST', path, body: fields, schema: taskWrittenResponseSchema, idempotent: false },
        operation,
      );
      return body?.task ?? null;
    },

    async updateTask(contactId, taskId, update) {
      const operation = 'PUT /contacts/{contactId}/tasks/{taskId}';
      const path = taskPath(contactId, taskId, operation);
      const fields = checkedInput(taskUpdateSchema, update, operation);
      const body = await kit.write(
        { contactId },
        { method: 'PUT', path, body: fields, schema: taskWrittenResponseSchema, idempotent: true },
        operation,
      );
      return body?.task ?? null;
    },

    async deleteTask(contactId, taskId) {
      const operation = 'DELETE /contacts/{contactId}/tasks/{taskId}';
      const path = taskPath(contactId, taskId, operation);
      const body = await kit.write(
        { contactId },
        { method: 'DELETE', path, schema: deletedResponseSchema, idempotent: true },
        operation,
      );
      confirmDeleted(body, operation);
    },

    async setTaskCompleted(contactId, taskId, completed) {
      const operation = 'PUT /contacts/{contactId}/tasks/{taskId}/completed';
      const path = `${taskPath(contactId, taskId, operation)}/completed`;
      if (typeof completed !== 'boolean') {
        throw new OutsideError({
          system: 'highlevel',
          kind: 'bad_request',
          status: null,
          messages: ['completed must be true or false'],
          operation,
        });
      }
      const body = await kit.write(
        { contactId },
        { method: 'PUT', path, body: { completed }, schema: taskWrittenResponseSchema, idempotent: true },
        operation,
      );
      return body?.task ?? null;
    },
  };
}
