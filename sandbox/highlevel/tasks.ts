/** Task routes of a contact: list, read, create, update, complete, delete. */
import { Hono } from 'hono';
import { createTaskBody, readJson, taskCompletedBody, updateTaskBody, validated } from './bodies';
import { requireContact } from './contacts';
import { notFound } from './errors';
import type { GhlTaskRecord } from './records';
import type { GhlStore } from './store';

function requireTask(store: GhlStore, contactId: string, taskId: string): GhlTaskRecord {
  requireContact(store, contactId);
  const task = store.tasks.get(taskId);
  if (!task || task.contactId !== contactId) throw notFound('Task');
  return task;
}

/** HighLevel answers due dates as ISO 8601 in UTC with milliseconds. */
function utcIso(value: string): string {
  return new Date(value).toISOString();
}

/** Routes to mount at `/contacts`. */
export function taskRoutes(store: GhlStore) {
  return new Hono()
    .get('/:contactId/tasks', (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      return c.json({ tasks: store.tasksOf(contact.id) });
    })
    .post('/:contactId/tasks', async (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      const body = validated(createTaskBody, readJson(await c.req.text()));
      const task: GhlTaskRecord = {
        id: store.newId(),
        contactId: contact.id,
        title: body.title,
        ...(body.body === undefined ? {} : { body: body.body }),
        ...(body.assignedTo === undefined ? {} : { assignedTo: body.assignedTo }),
        dueDate: utcIso(body.dueDate),
        completed: body.completed,
      };
      store.saveTask(task);
      return c.json({ task }, 201);
    })
    .get('/:contactId/tasks/:taskId', (c) => {
      const task = requireTask(store, c.req.param('contactId'), c.req.param('taskId'));
      return c.json({ task });
    })
    .put('/:contactId/tasks/:taskId', async (c) => {
      const task = requireTask(store, c.req.param('contactId'), c.req.param('taskId'));
      const { dueDate, ...changes } = validated(updateTaskBody, readJson(await c.req.text()));
      const updated: GhlTaskRecord = { ...task, ...changes, ...(dueDate === undefined ? {} : { dueDate: utcIso(dueDate) }) };
      store.saveTask(updated);
      return c.json({ task: updated });
    })
    .put('/:contactId/tasks/:taskId/completed', async (c) => {
      const task = requireTask(store, c.req.param('contactId'), c.req.param('taskId'));
      const { completed } = validated(taskCompletedBody, readJson(await c.req.text()));
      const updated: GhlTaskRecord = { ...task, completed };
      store.saveTask(updated);
      return c.json({ task: updated });
    })
    .delete('/:contactId/tasks/:taskId', (c) => {
      const task = requireTask(store, c.req.param('contactId'), c.req.param('taskId'));
      store.deleteTask(task.id);
      return c.json({ succeded: true });
    });
}
