import { applyAppBadge, titleWithCount } from './badge';

describe('titleWithCount', () => {
  it('prefixes the count when something waits', () => {
    expect(titleWithCount('OpenWork Remote', 2)).toBe('(2) OpenWork Remote');
    expect(titleWithCount('OpenWork Remote', 0)).toBe('OpenWork Remote');
  });
});

describe('applyAppBadge', () => {
  it('sets the count, and clears it at zero', () => {
    const target = { setAppBadge: vi.fn(() => Promise.resolve()), clearAppBadge: vi.fn(() => Promise.resolve()) };
    expect(applyAppBadge(target, 3)).toBe(true);
    expect(target.setAppBadge).toHaveBeenCalledWith(3);
    applyAppBadge(target, 0);
    expect(target.clearAppBadge).toHaveBeenCalledTimes(1);
  });

  it('reports false without the Badging API', () => {
    expect(applyAppBadge({}, 3)).toBe(false);
  });

  it('logs a refused badge instead of failing', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    applyAppBadge({ setAppBadge: () => Promise.reject(new DOMException('not installed', 'NotAllowedError')) }, 1);
    await vi.waitFor(() => expect(debug).toHaveBeenCalled());
  });
});
