/**
 * "Show all" for the long lists the first screen shows the first items of (tasks, notes): a button
 * shows the whole list, then fewer again. An item once shown stays shown while the list changes (a
 * ticked task moving to the completed ones at the end), so it never vanishes from under the agent
 * or takes focus with it.
 */
import { signal } from '@preact/signals';
import { firstShown, type ShowAll } from '../components/Section';
import { formatCount } from '../display';
import { editingWords } from './words';

/** "Show all" for the lists of one sidebar, each known by its noun. */
export function createShowAll(): ShowAll {
  /** The lists shown whole. */
  const whole = signal<readonly string[]>([]);
  /** Per list, the items it has shown since it was last shortened. */
  const seen = new Map<string, Set<string>>();

  return (noun, items) => {
    const all = whole.value.includes(noun);
    const kept = seen.get(noun) ?? new Set<string>();
    seen.set(noun, kept);
    const shown = all ? items : items.filter((item, index) => index < firstShown || kept.has(item.id));
    for (const item of shown) kept.add(item.id);
    const toggle = () => {
      kept.clear();
      whole.value = all ? whole.value.filter((list) => list !== noun) : [...whole.value, noun];
    };
    return {
      items: shown,
      button: items.length > firstShown && (
        <button type="button" class="button" onClick={toggle}>
          {all ? editingWords().showFewer[noun] : editingWords().showAll[noun](formatCount(items.length))}
        </button>
      ),
    };
  };
}
