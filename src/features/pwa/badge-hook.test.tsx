/** The pending count in the document title follows the count, after the frame that shows the cards. */
import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_TITLE, useAppBadge } from './badge';

function Count({ count }: { count: number }) {
  useAppBadge(count);
  return null;
}

afterEach(() => {
  document.title = APP_TITLE;
});

describe('useAppBadge', () => {
  it('puts the count in the title, and only the last of several quick changes', async () => {
    const { rerender } = render(<Count count={1} />);
    await waitFor(() => expect(document.title).toBe(`(1) ${APP_TITLE}`));
    rerender(<Count count={2} />);
    rerender(<Count count={3} />);
    await waitFor(() => expect(document.title).toBe(`(3) ${APP_TITLE}`));
    rerender(<Count count={0} />);
    await waitFor(() => expect(document.title).toBe(APP_TITLE));
  });
});
