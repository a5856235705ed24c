import type { ComponentChildren } from 'preact';
import type { Task } from '../../shared/api';
import { formatMoment, openTasksFirst, relativeTime } from '../display';
import { access } from '../access';
import { words } from '../language';
import { unsavedIdPrefix } from '../unsaved';
import { EmptyNote, Section, ShortList, type ShowAll } from './Section';

interface TaskListProps {
  tasks: readonly Task[];
  /** Completes or reopens a task: a click, or Space or Enter on its checkbox. */
  onToggle: (taskId: string, completed: boolean) => void;
  /** The new-task form, once the editing UI has loaded. */
  composer?: ComponentChildren;
  /** Edit and delete controls for one task, once the editing UI has loaded. */
  itemActions?: (task: Task) => ComponentChildren;
  /** "Show all", once the editing UI has loaded; the first tasks until then. */
  showAll?: ShowAll;
}

/** The contact's HighLevel tasks: open ones first, overdue ones marked, each with a checkbox. */
export function TaskList({ tasks, onToggle, composer, itemActions, showAll }: TaskListProps) {
  const t = words();
  return (
    <Section title={t.tasks} list="Tasks" count={tasks.length}>
      {composer}
      {tasks.length === 0 ? (
        <EmptyNote>{t.noTasks}</EmptyNote>
      ) : (
        <ShortList
          items={openTasksFirst(tasks)}
          noun="tasks"
          showAll={showAll}
          render={(task) => <TaskItem task={task} onToggle={onToggle} actions={itemActions?.(task)} key={task.id} />}
        />
      )}
    </Section>
  );
}

interface TaskItemProps {
  task: Task;
  onToggle: TaskListProps['onToggle'];
  actions: ComponentChildren;
}

function TaskItem({ task, onToggle, actions }: TaskItemProps) {
  const t = words();
  const due = formatMoment(task.dueDate);
  const relative = task.completed ? null : relativeTime.value(task.dueDate);
  const unsaved = task.id.startsWith(unsavedIdPrefix);
  const classes = ['item', 'task', task.completed && 'is-completed', unsaved && 'is-unsaved'];
  const toggle = () => onToggle(task.id, !task.completed);
  return (
    <li class={classes.filter(Boolean).join(' ')}>
      <input
        type="checkbox"
        class="task-check"
        checked={task.completed}
        aria-label={task.title}
        title={task.completed ? t.reopen : t.complete}
        // A task HighLevel has not made yet has no id to complete; with a read-only token nothing can be changed.
        disabled={unsaved || access.value.readOnly}
        onChange={toggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            toggle();
          }
        }}
      />
      <div class="item-main">
        <p class="item-title">
          {task.completed && <span class="visually-hidden">{t.completed} </span>}
          {task.title}
        </p>
        {task.body && <p class="item-text">{task.body}</p>}
        {(due || task.overdue) && (
          <p class="item-meta">
            {due && (
              <span>
                {t.due} <time dateTime={task.dueDate ?? undefined}>{due}</time>
                {relative && <span class="relative"> · {relative}</span>}
              </span>
            )}
            {task.overdue && !task.completed && <span class="badge badge-alert">{t.overdue}</span>}
          </p>
        )}
        {actions}
      </div>
    </li>
  );
}
