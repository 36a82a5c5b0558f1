import { expect, it } from 'vitest';
import { describeE2E, useBrowserApp } from '../support/index.js';
import { DesignerPage } from './designer-page.js';

describeE2E('app shell: sign-in when auth is on, token on every call, user menu, sign-out', () => {
  const { server, session } = useBrowserApp({ env: { TWINGRAPH_AUTH: 'on', TWINGRAPH_ADMIN_PASSWORD: 'e2e-admin-pass' } });

  it('shows the login page on a 401, reports a wrong password, signs in, saves with the token and signs out', async () => {
    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    await designer.testId('open-workflow').click();
    await designer.visible('login-page');
    expect(await designer.lastToast('error')).toMatch(/ERR_UNAUTHENTICATED/);

    await designer.fill('login-username', 'admin');
    await designer.fill('login-password', 'wrong');
    await designer.testId('login-submit').click();
    await designer.textMatching(designer.testId('login-error'), /ERR_UNAUTHENTICATED/);
    await designer.screenshot('login');

    await designer.fill('login-password', 'e2e-admin-pass');
    await designer.testId('login-submit').click();
    await designer.visible('designer-canvas');
    await designer.textMatching(designer.testId('user-menu'), /admin/);

    await designer.testId('open-template-hello-chain').click();
    await designer.save();
    const workflowId = await designer.savedWorkflowId();
    expect(await designer.lastToast('success')).toMatch(/Saved hello-chain v1/);
    // The API itself still refuses calls without the token.
    expect((await fetch(`${server.url}/api/workflows/${workflowId}`)).status).toBe(401);

    await designer.testId('user-menu').click();
    await designer.textMatching(designer.testId('user-menu-list'), /Roles: admin/);
    await designer.testId('sign-out').click();
    await designer.visible('login-page');
    expect(await session.page.evaluate('window.localStorage.getItem("twingraph.session")')).toBeNull();
  });
});
