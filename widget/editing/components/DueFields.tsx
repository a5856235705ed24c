import { useId } from 'preact/hooks';
import type { Draft } from '../form';
import { FieldError, invalidAttributes } from './Field';
import { editingWords } from '../words';

/** The fields of a due date: the agent's local date and time. */
export type DueDraft = Draft<'dueDay' | 'dueTime'>;

/** Due date and time in the agent's time zone; a refused due date marks both. */
export function DueFields<F extends string>({ draft }: { draft: Draft<F | 'dueDay' | 'dueTime'> }) {
  const id = useId();
  const t = editingWords();
  const error = draft.errors.value.dueDate;
  const invalid = invalidAttributes(error, `${id}-error`);
  const edited = () => {
    if (error) draft.errors.value = { ...draft.errors.value, dueDate: undefined };
  };
  return (
    <fieldset class="field due-fields">
      <legend>{t.dueInYourZone}</legend>
      <div class="due-inputs">
        <label class="visually-hidden" for={`${id}-day`}>
          {t.dueDate}
        </label>
        <input
          id={`${id}-day`}
          type="date"
          value={draft.fields.dueDay.value}
          onInput={(event) => {
            draft.fields.dueDay.value = event.currentTarget.value;
            edited();
          }}
          {...invalid}
        />
        <label class="visually-hidden" for={`${id}-time`}>
          {t.dueTime}
        </label>
        <input
          id={`${id}-time`}
          type="time"
          value={draft.fields.dueTime.value}
          onInput={(event) => {
            draft.fields.dueTime.value = event.currentTarget.value;
            edited();
          }}
          {...invalid}
        />
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
