/** A contact's tasks: list, read, create, update, complete, delete. */
import { OutsideError } from '../../platform/outside-http';
import { checkedInput, confirmDeleted, contactPath, pathSegment, type RequestKit } from './requests';
import {
  deletedResponseSchema,
  newTaskSchema,
  taskResponseSchema,
  tasksResponseSchema,
  taskUpdateSchema,
  type GhlNewTask,
  type GhlTask,
  type GhlTaskUpdate,
} from './schemas';

/** The task methods of the client. */
export interface GhlTaskMethods {
  /** `GET /contacts/{contactId}/tasks`. */
  getTasks(contactId: string): Promise<GhlTask[]>;
  /** `GET /contacts/{contactId}/tasks/{taskId}`. */
  getTask(contactId: string, taskId: string): Promise<GhlTask>;
  /** `POST /contacts/{contactId}/tasks`; not retried after a 5xx or timeout. */
  createTask(contactId: string, task: GhlNewTask): Promise<GhlTask>;
  /** `PUT /contacts/{contactId}/tasks/{taskId}`. */
  updateTask(contactId: string, taskId: string, update: GhlTaskUpdate): Promise<GhlTask>;
  /** `DELETE /contacts/{contactId}/tasks/{taskId}`. */
  deleteTask(contactId: string, taskId: string): Promise<void>;
  /** `PUT /contacts/{contactId}/tasks/{taskId}/completed`. */
  setTaskCompleted(contactId: string, taskId: string, completed: boolean): Promise<GhlTask>;
}

/** `/contacts/{contactId}/tasks/{taskId}` with both ids encoded. */
function taskPath(contactId: string, taskId: string, operation: string): string {
  return `${contactPath(contactId, operation)}/tasks/${pathSegment(taskId, 'taskId', operation)}`;
}

export function taskMethods(kit: RequestKit): GhlTaskMethods {
  return {
    async getTasks(contactId) {
      const path = `${contactPath(contactId, 'GET /contacts/{contactId}/tasks')}/tasks`;
      return (await kit.read({ contactId }, { path, schema: tasksResponseSchema })).tasks;
    },

    async getTask(contactId, taskId) {
      const path = taskPath(contactId, taskId, 'GET /contacts/{contactId}/tasks/{taskId}');
      return (await kit.read({ contactId }, { path, schema: taskResponseSchema })).task;
    },

    async createTask(contactId, task) {
      const operation = 'POST /contacts/{contactId}/tasks';
      const path = `${contactPath(contactId, operation)}/tasks`;
      const fields = checkedInput(newTaskSchema, task, operation);
      const body = await kit.write(
        { contactId },
        { method: 'POST', path, body: fields, schema: taskResponseSchema, idempotent: false },
      );
      return body.task;
    },

    async updateTask(contactId, taskId, update) {
      const operation = 'PUT /contacts/{contactId}/tasks/{taskId}';
      const path = taskPath(contactId, taskId, operation);
      const fields = checkedInput(taskUpdateSchema, update, operation);
      const body = await kit.write(
        { contactId },
        { method: 'PUT', path, body: fields, schema: taskResponseSchema, idempotent: true },
      );
      return body.task;
    },

    async deleteTask(contactId, taskId) {
      const operation = 'DELETE /contacts/{contactId}/tasks/{taskId}';
      const path = taskPath(contactId, taskId, operation);
      const body = await kit.write(
        { contactId },
        { method: 'DELETE', path, schema: deletedResponseSchema, idempotent: true },
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
        { method: 'PUT', path, body: { completed }, schema: taskResponseSchema, idempotent: true },
      );
      return body.task;
    },
  };
}
