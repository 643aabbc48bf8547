/** Page object for the app: what a user sees and taps, found by role and label. */
import type { Locator, Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page) {}

  async open(appUrl: string, hash = ''): Promise<void> {
    await this.page.goto(`${appUrl}/${hash}`);
  }

  async pair(url: string, token?: string): Promise<void> {
    await this.page.getByLabel('Host URL').fill(url);
    if (token) await this.page.getByLabel('Token or password').fill(token);
    await this.page.getByRole('button', { name: 'Connect' }).click();
  }

  kindBadge(kind: 'OpenCode' | 'OpenWork'): Locator {
    return this.page.getByLabel(`Host kind: ${kind}`).first();
  }

  connectionStatus(): Locator {
    return this.page.locator('.host-bar').getByRole('status');
  }

  async newSession(): Promise<void> {
    await this.page.getByRole('button', { name: 'New session' }).click();
    await this.page.getByLabel('Prompt').waitFor();
  }

  async send(prompt: string): Promise<void> {
    await this.page.getByLabel('Prompt').fill(prompt);
    await this.page.getByRole('button', { name: 'Send' }).click();
  }

  assistantMessages(): Locator {
    return this.page.getByRole('article', { name: 'Assistant message' });
  }

  permissionCard(): Locator {
    return this.page.getByTestId('permission-card');
  }

  sessionStatus(): Locator {
    return this.page.locator('.session-header .session-status');
  }
}
