/** Page-object helpers for the OpenWork screens: files, workspace, host approvals. */
import type { Locator, Page } from 'playwright-core';

export class OpenworkPage {
  constructor(readonly page: Page) {}

  async pairOpenwork(appUrl: string, hostUrl: string, token: string, hostToken?: string): Promise<void> {
    await this.page.goto(`${appUrl}/#/pair`);
    await this.page.getByLabel('Host URL').fill(hostUrl);
    await this.page.getByLabel('Token or password').fill(token);
    if (hostToken) {
      await this.page.getByRole('button', { name: 'Advanced' }).click();
      await this.page.getByLabel(/OpenWork host token/).fill(hostToken);
    }
    await this.page.getByRole('button', { name: 'Connect' }).click();
  }

  async openFile(appUrl: string, path: string): Promise<void> {
    await this.page.goto(`${appUrl}/#/files/view?path=${encodeURIComponent(path)}`);
  }

  editor(): Locator {
    return this.page.getByLabel(/^Contents of /);
  }

  hostApprovalCard(): Locator {
    return this.page.getByTestId('host-approval-card');
  }
}
