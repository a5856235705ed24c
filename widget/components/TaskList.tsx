import type { Task } from '../../shared/api';
import { formatMoment, openTasksFirst } from '../display';
import { EmptyNote, Section } from './Section';

/** The contact's HighLevel tasks: open ones first, overdue ones marked. */
export function TaskList({ tasks }: { tasks: readonly Task[] }) {
  return (
    <Section title="Tasks" count={tasks.length}>
      {tasks.length === 0 ? (
        <EmptyNote>No tasks</EmptyNote>
      ) : (
        <ul class="items">
          {openTasksFirst(tasks).map((task) => (
            <TaskItem task={task} key={task.id} />
          ))}
        </ul>
      )}
    </Section>
  );
}

function TaskItem({ task }: { task: Task }) {
  const due = formatMoment(task.dueDate);
  const classes = ['item', 'task', task.completed && 'is-completed', task.overdue && 'is-overdue'];
  return (
    <li class={classes.filter(Boolean).join(' ')}>
      <span class="task-mark" aria-hidden="true">
        {task.completed ? '✓' : ''}
      </span>
      <div class="item-main">
        <p class="item-title">
          {task.completed && <span class="visually-hidden">Completed: </span>}
          {task.title}
        </p>
        {task.body && <p class="item-text">{task.body}</p>}
        {(due || task.overdue) && (
          <p class="item-meta">
            {due && (
              <span>
                Due <time dateTime={task.dueDate ?? undefined}>{due}</time>
              </span>
            )}
            {task.overdue && !task.completed && <span class="badge badge-alert">Overdue</span>}
          </p>
        )}
      </div>
    </li>
  );
}
