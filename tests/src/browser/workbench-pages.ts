import type { Page } from 'playwright-core';

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The operation name of a GraphQL POST body. */
export function operationOf(body: string | null): string | undefined {
  try {
    return (JSON.parse(body ?? '') as { operationName?: string }).operationName;
  } catch {
    return undefined;
  }
}

/**
 * What a person does in the workbench, step by step, for the browser tests and the README's
 * screenshots alike.
 */
export const workbench = {
  async openIde(page: Page, origin: string): Promise<void> {
    await page.goto(`${origin}/graphql`);
    // Ready once Monaco shows the operation editor.
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
  },

  /** Opens the sign-in panel (if it is not open) and picks a demo user. */
  async signInFromPicker(page: Page, login: string): Promise<void> {
    const panel = page.getByTestId('sign-in-panel');
    if (!(await panel.isVisible())) await page.getByTestId('open-sign-in').click();
    await panel.locator(`button[data-login="${login}"]`).click();
    await page.getByTestId('signed-in-user').locator('strong').waitFor();
  },

  /**
   * Opens a built-in saved operation in a new tab (from the saved-operations panel, the other roles'
   * section too), runs it with the run button, and returns the gateway's answer.
   */
  async runSavedOperation(page: Page, name: string): Promise<GraphQLAnswer> {
    const saved = page.getByTestId('saved-operations');
    if (!(await saved.isVisible())) await page.getByRole('button', { name: /常用查询 Saved operations/ }).click();
    const item = saved.locator(`[data-operation="${name}"]`).first();
    if (!(await item.isVisible())) await saved.locator('summary', { hasText: '其他角色' }).click();
    await item.getByRole('button', { name: '打开 Open' }).click();
    await page.locator('.graphiql-tab-active').filter({ hasText: name }).waitFor();
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && operationOf(r.request().postData()) === name,
      ),
      page.locator('.graphiql-execute-button').click(),
    ]);
    return (await response.json()) as GraphQLAnswer;
  },

  async openDashboard(page: Page, origin: string, path = '/dashboard'): Promise<void> {
    await page.goto(`${origin}${path}`);
    await page.locator('.cso-bar').waitFor();
  },
};
