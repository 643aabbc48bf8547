/** The session's todo list (OpenCode `todowrite` tool; `todo.updated` events). */
import type { Todo } from '@/domain';

const MARK: Record<string, string> = { completed: '✓', in_progress: '▸', cancelled: '✗', pending: '○' };

export function Todos({ todos }: { todos: Todo[] }) {
  if (todos.length === 0) return null;
  const done = todos.filter((t) => t.status === 'completed').length;
  return (
    <details className="todos" open>
      <summary>
        Todos {done}/{todos.length}
      </summary>
      <ul>
        {todos.map((todo, index) => (
          <li key={index} className={`todo todo-${todo.status}`}>
            <span aria-hidden="true">{MARK[todo.status] ?? '○'}</span> {todo.content}
          </li>
        ))}
      </ul>
    </details>
  );
}
