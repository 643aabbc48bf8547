import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { describe, expect, it } from 'vitest';
import type { OpenworkCapabilities } from '@/host';
import { buildHost } from '@/testing/builders';
import { buildOpenworkHost, gate, OPENWORK_URL, openworkError, seen, type SeenRequest } from '@/testing/openwork';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { WorkspaceScreen } from './workspace-screen';

const host = buildOpenworkHost();
const WS = `${OPENWORK_URL}/workspace/ws_1`;
const ENGINE = 'http://127.0.0.1:4096';

const writable: OpenworkCapabilities = {
  skills: { read: true, write: true },
  plugins: { read: true, write: true },
  mcp: { read: true, write: true },
  commands: { read: true, write: true },
  config: { read: true, write: true },
  approvals: { mode: 'manual', timeoutMs: 30_000 },
  proxy: { opencode: true },
};
const readOnly: OpenworkCapabilities = {
  skills: { read: true, write: false },
  plugins: { read: true, write: false },
  mcp: { read: true, write: false },
  commands: { read: true, write: false },
  config: { read: true, write: false },
  approvals: { mode: 'manual', timeoutMs: 30_000 },
};

const lists: Record<'skills' | 'plugins' | 'mcp' | 'commands', JsonBodyType> = {
  skills: {
    items: [
      {
        name: 'release-notes',
        path: '/Users/x/Main/.opencode/skills/release-notes/SKILL.md',
        description: 'Write release notes from the git log',
        scope: 'project',
      },
    ],
  },
  plugins: { items: [{ spec: 'opencode-wakatime@1.2.0', source: 'config', scope: 'project' }], loadOrder: [] },
  mcp: {
    items: [
      { name: 'github', config: { type: 'local', command: ['npx', '-y', 'server-github'] }, source: 'config.project' },
    ],
  },
  commands: {
    items: [
      {
        name: 'review',
        description: 'Review the diff',
        template: 'Review $ARGUMENTS',
        model: null,
        scope: 'workspace',
      },
    ],
  },
};

/**
 * An OpenWork host serving workspace `ws_1`: capabilities, workspaces, the four lists, config and
 * audit. `overrides` replaces a GET answer by route name. Returns every write the host received.
 */
function openworkHost(
  capabilities: OpenworkCapabilities = writable,
  overrides: Partial<Record<keyof typeof lists, () => Response>> = {},
): SeenRequest[] {
  const writes: SeenRequest[] = [];
  server.use(
    http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json(capabilities)),
    http.get(`${OPENWORK_URL}/workspaces`, () =>
      HttpResponse.json({ items: [{ id: 'ws_1', name: 'Main', path: '/Users/x/Main' }], activeId: 'ws_1' }),
    ),
    http.get(`${WS}/config`, () =>
      HttpResponse.json({ opencode: { model: 'mock/mock-model' }, openwork: {}, updatedAt: null }),
    ),
    http.get(`${WS}/audit`, () => HttpResponse.json({ items: [] })),
    ...(['skills', 'plugins', 'mcp', 'commands'] as const).map((kind) =>
      http.get(`${WS}/${kind}`, () => overrides[kind]?.() ?? HttpResponse.json(lists[kind])),
    ),
  );
  return writes;
}

/** Answers `POST <path>` with `answer` and records the requests in `writes`. */
function onPost(writes: SeenRequest[], path: string, answer: () => Response) {
  server.use(
    http.post(`${OPENWORK_URL}${path}`, async ({ request }) => {
      writes.push(await seen(request));
      return answer();
    }),
  );
}

/** `/capabilities` as the v0.7.1 line answers: the five permission blocks, no `approvals`, no `proxy`. */
const v071: OpenworkCapabilities = {
  skills: { read: true, write: true },
  plugins: { read: true, write: true },
  mcp: { read: true, write: true },
  commands: { read: true, write: true },
  config: { read: true, write: true },
};
const SKILL_MD = '---\nname: release-notes\ndescription: d\n---\nBody\n';

describe('WorkspaceScreen on a host without the one-skill routes (the v0.7.1 line)', () => {
  const notFound = () => openworkError(404, 'not_found', 'Not found');

  it('edits a skill from the content its list carries, and saves it with POST /skills (upsert)', async () => {
    const user = userEvent.setup();
    const withContent = {
      items: [{ ...(lists.skills as { items: object[] }).items[0], content: SKILL_MD }],
    };
    const writes = openworkHost(v071, { skills: () => HttpResponse.json(withContent) });
    let gets = 0;
    server.use(
      http.get(`${WS}/skills/:name`, () => {
        gets += 1;
        return notFound();
      }),
    );
    onPost(writes, '/workspace/ws_1/skills', () =>
      HttpResponse.json({ name: 'release-notes', path: '/x', description: 'd', scope: 'project' }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const skills = await screen.findByRole('list', { name: 'skills' });
    await user.click(within(skills).getByRole('button', { name: 'Edit' }));
    const editor = await screen.findByLabelText('SKILL.md of release-notes');
    expect(editor).toHaveValue(SKILL_MD);
    await user.type(editor, 'More');
    await user.click(screen.getByRole('button', { name: 'Save skill' }));
    await waitFor(() => expect(screen.queryByLabelText('SKILL.md of release-notes')).not.toBeInTheDocument());
    expect(writes.map((w) => w.body)).toEqual([{ name: 'release-notes', content: `${SKILL_MD}More` }]);

    // A second Edit does not ask the route the host said it lacks.
    await user.click(within(skills).getByRole('button', { name: 'Edit' }));
    await screen.findByLabelText('SKILL.md of release-notes');
    expect(gets).toBe(1);
  });

  it('edits a skill from the workspace export when the list carries no content', async () => {
    const user = userEvent.setup();
    openworkHost(v071);
    server.use(
      http.get(`${WS}/skills/:name`, notFound),
      http.get(`${WS}/export`, () =>
        HttpResponse.json({
          workspaceId: 'ws_1',
          exportedAt: 1,
          opencode: {},
          openwork: {},
          skills: [{ name: 'release-notes', description: 'd', content: SKILL_MD }],
          commands: [],
        }),
      ),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const skills = await screen.findByRole('list', { name: 'skills' });
    await user.click(within(skills).getByRole('button', { name: 'Edit' }));
    expect(await screen.findByLabelText('SKILL.md of release-notes')).toHaveValue(SKILL_MD);
  });

  it('a Remove the host has no route for says the skill stays and how to remove it; Remove is then not offered', async () => {
    const user = userEvent.setup();
    openworkHost(v071);
    let deletes = 0;
    server.use(
      http.delete(`${WS}/:kind/:name`, ({ params }) => {
        deletes += 1;
        return params.kind === 'skills' ? notFound() : HttpResponse.json({ ok: true });
      }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    await user.click(await screen.findByRole('button', { name: 'Remove release-notes' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Not removed: this host's version cannot remove skills from here. To remove release-notes, delete its folder",
    );
    expect(alert).not.toHaveTextContent(/answered elsewhere|refresh/);
    expect(screen.queryByRole('button', { name: 'Remove release-notes' })).not.toBeInTheDocument();
    expect(screen.getByText(/^This host's version cannot remove skills from here/)).toBeInTheDocument();
    // Only skills lost Remove: commands still have it, and Edit stays on skills.
    expect(screen.getByRole('button', { name: 'Remove review' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'skills' })).getByRole('button', { name: 'Edit' }),
    ).toBeInTheDocument();
    expect(deletes).toBe(1);
  });

  it('a held write says "Saving…" first and then does not guess the host\'s approval timeout', async () => {
    const user = userEvent.setup();
    openworkHost(v071);
    const held = gate();
    server.use(
      http.post(`${WS}/plugins`, async () => {
        await held.promise;
        return HttpResponse.json(lists.plugins);
      }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify@0.3.0');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));
    expect(await screen.findByText(/^Saving… \d+ s$/)).toBeInTheDocument();
    expect(
      await screen.findByText(/^Waiting for the host… \d+ s: it may be holding the write/, {}, { timeout: 3_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/within 30 s/)).not.toBeInTheDocument();
    held.release();
    await waitFor(() => expect(screen.queryByText(/Waiting for the host/)).not.toBeInTheDocument());
  });
});

describe('WorkspaceScreen on an OpenWork host', () => {
  it('lists skills, plugins, MCP servers and commands from /workspace/ws_1/…', async () => {
    openworkHost();
    renderWithProviders(<WorkspaceScreen host={host} />);

    const skills = await screen.findByRole('list', { name: 'skills' });
    expect(within(skills).getByText('release-notes')).toBeInTheDocument();
    expect(within(skills).getByText('Write release notes from the git log')).toBeInTheDocument();
    const plugins = await screen.findByRole('list', { name: 'plugins' });
    expect(within(plugins).getByText('opencode-wakatime@1.2.0')).toBeInTheDocument();
    const mcp = await screen.findByRole('list', { name: 'MCP servers' });
    expect(within(mcp).getByText('github')).toBeInTheDocument();
    expect(within(mcp).getByText('npx -y server-github')).toBeInTheDocument();
    const commands = await screen.findByRole('list', { name: 'commands' });
    expect(within(commands).getByText('review')).toBeInTheDocument();
    expect(within(commands).getByText('Review the diff')).toBeInTheDocument();

    expect(screen.getByRole('heading', { name: 'Main' })).toBeInTheDocument();
    expect(
      within(await screen.findByRole('list', { name: 'Workspaces' })).getByText('active on the host · shown here'),
    ).toBeInTheDocument();
    for (const form of ['New skill', 'Add plugin', 'Add MCP server', 'Save command'])
      expect(screen.getByRole('form', { name: form })).toBeInTheDocument();
    expect(screen.queryByText(/needs an OpenWork host/)).not.toBeInTheDocument();
  });

  it('creates a skill: POSTs {name, description, content} with SKILL.md frontmatter, clears the form, offers an engine reload', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/skills', () =>
      HttpResponse.json({ name: 'standup', path: '/x/SKILL.md', description: 'Summarise yesterday', scope: 'project' }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'New skill' });
    await user.type(within(form).getByLabelText('New skill name (kebab-case)'), 'standup');
    await user.type(within(form).getByLabelText('Description'), 'Summarise yesterday');
    await user.click(within(form).getByRole('button', { name: 'Create skill' }));

    await screen.findByText('Reload the engine to apply the change?');
    expect(writes).toHaveLength(1);
    const body = writes[0]?.body as { name: string; description: string; content: string };
    expect(Object.keys(body).sort()).toEqual(['content', 'description', 'name']);
    expect(body.name).toBe('standup');
    expect(body.description).toBe('Summarise yesterday');
    expect(body.content.startsWith('---\nname: standup\ndescription: Summarise yesterday\n---\n')).toBe(true);
    expect(writes[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(within(form).getByLabelText('New skill name (kebab-case)')).toHaveValue('');
  });

  it('adds a plugin with POST {spec}', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/plugins', () =>
      HttpResponse.json({ items: [{ spec: 'opencode-notify@0.3.0', source: 'config' }], loadOrder: [] }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), '  opencode-notify@0.3.0 ');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));

    await screen.findByText('Reload the engine to apply the change?');
    expect(writes.map((w) => w.body)).toEqual([{ spec: 'opencode-notify@0.3.0' }]);
    expect(within(form).getByLabelText('npm package spec')).toHaveValue('');
  });

  it('adds MCP servers: a command becomes {type:"local", command:[…]}, a URL {type:"remote", url}', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/mcp', () => HttpResponse.json(lists.mcp));
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add MCP server' });
    await user.type(within(form).getByLabelText('Name'), 'fs');
    await user.type(within(form).getByLabelText('Command (local) or URL (remote)'), 'npx -y  @mcp/fs /tmp');
    await user.click(within(form).getByRole('button', { name: 'Add MCP server' }));
    await waitFor(() => expect(within(form).getByLabelText('Name')).toHaveValue(''));
    await user.type(within(form).getByLabelText('Name'), 'docs');
    await user.type(within(form).getByLabelText('Command (local) or URL (remote)'), 'https://mcp.example.com/sse');
    await user.click(within(form).getByRole('button', { name: 'Add MCP server' }));
    await waitFor(() => expect(writes).toHaveLength(2));

    expect(writes.map((w) => w.body)).toEqual([
      { name: 'fs', config: { type: 'local', command: ['npx', '-y', '@mcp/fs', '/tmp'] } },
      { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.com/sse' } },
    ]);
  });

  it('saves a command with POST {name, template, description}', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/commands', () => HttpResponse.json(lists.commands));
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Save command' });
    await user.type(within(form).getByLabelText('Command name'), 'standup');
    await user.type(within(form).getByLabelText('Template'), 'Summarise $ARGUMENTS');
    await user.type(within(form).getByLabelText('Description'), 'Daily standup');
    await user.click(within(form).getByRole('button', { name: 'Save command' }));

    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]?.body).toEqual({
      name: 'standup',
      template: 'Summarise $ARGUMENTS',
      description: 'Daily standup',
    });
  });

  it('"Edit" on a command prefills its template', async () => {
    const user = userEvent.setup();
    openworkHost();
    renderWithProviders(<WorkspaceScreen host={host} />);

    const commands = await screen.findByRole('list', { name: 'commands' });
    await user.click(within(commands).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Save command' });
    expect(within(form).getByLabelText('Command name')).toHaveValue('review');
    expect(within(form).getByLabelText('Template')).toHaveValue('Review $ARGUMENTS');
  });

  it('edits a skill: loads its SKILL.md, saves POST {name, content}', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    server.use(
      http.get(`${WS}/skills/release-notes`, () =>
        HttpResponse.json({
          item: { name: 'release-notes', path: '/x', description: 'd', scope: 'project' },
          content: '---\nname: release-notes\ndescription: d\n---\nBody\n',
        }),
      ),
    );
    onPost(writes, '/workspace/ws_1/skills', () =>
      HttpResponse.json({ name: 'release-notes', path: '/x', description: 'd', scope: 'project' }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const skills = await screen.findByRole('list', { name: 'skills' });
    await user.click(within(skills).getByRole('button', { name: 'Edit' }));
    const editor = await screen.findByLabelText('SKILL.md of release-notes');
    expect(editor).toHaveValue('---\nname: release-notes\ndescription: d\n---\nBody\n');
    await user.type(editor, 'More');
    await user.click(screen.getByRole('button', { name: 'Save skill' }));

    await waitFor(() => expect(screen.queryByLabelText('SKILL.md of release-notes')).not.toBeInTheDocument());
    expect(writes.map((w) => w.body)).toEqual([
      { name: 'release-notes', content: '---\nname: release-notes\ndescription: d\n---\nBody\nMore' },
    ]);
  });

  it('removes a plugin with DELETE /workspace/ws_1/plugins/:name', async () => {
    const user = userEvent.setup();
    openworkHost();
    const deletes: string[] = [];
    server.use(
      http.delete(`${WS}/plugins/:name`, ({ request }) => {
        deletes.push(new URL(request.url).pathname);
        return HttpResponse.json({ items: [], loadOrder: [] });
      }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    await user.click(await screen.findByRole('button', { name: 'Remove opencode-wakatime@1.2.0' }));
    await screen.findByText('Reload the engine to apply the change?');
    expect(deletes).toEqual(['/workspace/ws_1/plugins/opencode-wakatime%401.2.0']);
  });

  it('says so when the host cannot reload its engine remotely (404 not_found)', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/plugins', () => HttpResponse.json({ items: [], loadOrder: [] }));
    onPost(writes, '/workspace/ws_1/engine/reload', () => openworkError(404, 'not_found', 'Not found'));
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));
    await user.click(await screen.findByRole('button', { name: 'Reload engine' }));

    expect(
      await screen.findByText('This host cannot reload its engine remotely (an older OpenWork).'),
    ).toBeInTheDocument();
  });

  it.each([
    ['denied', "Not done: the host's owner denied it. Your input is kept."],
    ['timeout', 'Not done: nobody approved it on the host within 30 s. Your input is kept; try again.'],
  ])('a write_denied (%s) says so, keeps the typed input and offers no reload', async (reason, message) => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/plugins', () =>
      openworkError(403, 'write_denied', 'Write request denied', { requestId: 'ap_1', reason }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify@0.3.0');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(within(form).getByLabelText('npm package spec')).toHaveValue('opencode-notify@0.3.0');
    expect(within(form).getByRole('button', { name: 'Add plugin' })).toBeEnabled();
    expect(screen.queryByText('Reload the engine to apply the change?')).not.toBeInTheDocument();
  });

  it('while the host holds a write for approval, says so with the time waited; then the list shows the new entry', async () => {
    const user = userEvent.setup();
    openworkHost();
    const held = gate();
    let plugins = lists.plugins;
    server.use(
      http.get(`${WS}/plugins`, () => HttpResponse.json(plugins)),
      http.post(`${WS}/plugins`, async () => {
        await held.promise;
        plugins = {
          items: [
            { spec: 'opencode-wakatime@1.2.0', source: 'config' },
            { spec: 'opencode-notify@0.3.0', source: 'config' },
          ],
          loadOrder: [],
        };
        return HttpResponse.json(plugins);
      }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify@0.3.0');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));

    // "Saving…" first; the approval line only once the write has been held for a moment.
    expect(await screen.findByText(/^Saving… \d+ s$/)).toBeInTheDocument();
    expect(
      await screen.findByText(
        /^Waiting for approval on the host… \d+ s \(the host decides within 30 s\)$/,
        {},
        { timeout: 3_000 },
      ),
    ).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Add plugin' })).toBeDisabled();
    held.release();

    expect(
      await within(await screen.findByRole('list', { name: 'plugins' })).findByText('opencode-notify@0.3.0'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for approval on the host/)).not.toBeInTheDocument();
    expect(within(form).getByLabelText('npm package spec')).toHaveValue('');
  });

  it('removes a skill and a command with DELETE /workspace/ws_1/<kind>/:name', async () => {
    const user = userEvent.setup();
    openworkHost();
    const deletes: string[] = [];
    server.use(
      http.delete(`${WS}/:kind/:name`, ({ request }) => {
        deletes.push(new URL(request.url).pathname);
        return HttpResponse.json({ ok: true });
      }),
    );
    renderWithProviders(<WorkspaceScreen host={host} />);

    await user.click(await screen.findByRole('button', { name: 'Remove release-notes' }));
    await screen.findByText('Reload the engine to apply the change?');
    await user.click(await screen.findByRole('button', { name: 'Remove review' }));
    await waitFor(() =>
      expect(deletes).toEqual(['/workspace/ws_1/skills/release-notes', '/workspace/ws_1/commands/review']),
    );
  });

  it('after a change warns about running sessions, and "Reload engine" POSTs /workspace/ws_1/engine/reload', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/plugins', () => HttpResponse.json({ items: [], loadOrder: [] }));
    onPost(writes, '/workspace/ws_1/engine/reload', () => HttpResponse.json({ ok: true, reloadedAt: 123 }));
    renderWithProviders(<WorkspaceScreen host={host} busySessions={2} />);

    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));

    const offer = (await screen.findByText('Reload the engine to apply the change?')).closest(
      '[role="status"]',
    ) as HTMLElement;
    expect(offer).toHaveTextContent('2 sessions are running; a reload may interrupt them.');
    await user.click(within(offer).getByRole('button', { name: 'Reload engine' }));

    await waitFor(() => expect(screen.queryByText('Reload the engine to apply the change?')).not.toBeInTheDocument());
    const reload = writes.filter((w) => w.url.pathname === '/workspace/ws_1/engine/reload');
    expect(reload).toHaveLength(1);
    expect(reload[0]?.body).toEqual({ force: false });
    expect(reload[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('offers the reload without a warning when no session is running', async () => {
    const user = userEvent.setup();
    const writes = openworkHost();
    onPost(writes, '/workspace/ws_1/plugins', () => HttpResponse.json({ items: [], loadOrder: [] }));
    renderWithProviders(<WorkspaceScreen host={host} busySessions={0} />);
    const form = await screen.findByRole('form', { name: 'Add plugin' });
    await user.type(within(form).getByLabelText('npm package spec'), 'opencode-notify');
    await user.click(within(form).getByRole('button', { name: 'Add plugin' }));
    const offer = (await screen.findByText('Reload the engine to apply the change?')).closest(
      '[role="status"]',
    ) as HTMLElement;
    expect(offer).not.toHaveTextContent(/running/);
    await user.click(within(offer).getByRole('button', { name: 'Later' }));
    expect(screen.queryByText('Reload the engine to apply the change?')).not.toBeInTheDocument();
  });

  it('on a read-only host (write: false) shows the lists and no write forms', async () => {
    openworkHost(readOnly);
    renderWithProviders(<WorkspaceScreen host={host} />);

    expect(
      await screen.findByText('This host is read-only: everything here can be viewed, nothing changed.'),
    ).toBeInTheDocument();
    expect(await screen.findByRole('list', { name: 'skills' })).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Remove / })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.getAllByText(/This OpenWork host is read-only, so .* cannot be changed from here\./)).toHaveLength(4);
  });

  it('says a list is not available when the host lacks its route (404 not_found), and the rest still works', async () => {
    openworkHost(writable, { mcp: () => openworkError(404, 'not_found', 'Not found') });
    renderWithProviders(<WorkspaceScreen host={host} />);

    expect(
      await screen.findByText('This host does not offer MCP servers (an older OpenWork version).'),
    ).toBeInTheDocument();
    expect(await screen.findByRole('list', { name: 'skills' })).toBeInTheDocument();
    expect(await screen.findByRole('list', { name: 'commands' })).toBeInTheDocument();
  });

  it('shows other list failures as errors with the host message', async () => {
    openworkHost(writable, { skills: () => openworkError(401, 'unauthorized', 'Invalid bearer token') });
    renderWithProviders(<WorkspaceScreen host={host} />);
    expect(await screen.findByText(/Could not list skills: .*Invalid bearer token/)).toBeInTheDocument();
  });
});

describe('WorkspaceScreen on a direct OpenCode host', () => {
  const direct = buildHost();

  it('lists skills from GET /skill (and the rest from OpenCode) read-only, with the "needs an OpenWork host" line instead of forms', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${ENGINE}/*`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return undefined;
      }),
      http.get(`${ENGINE}/skill`, () =>
        HttpResponse.json([
          {
            name: 'pdf',
            description: 'Read PDFs',
            location: '/home/x/.config/opencode/skills/pdf/SKILL.md',
            content: '',
          },
        ]),
      ),
      http.get(`${ENGINE}/config`, () =>
        HttpResponse.json({
          plugin: ['opencode-wakatime'],
          mcp: { docs: { type: 'remote', url: 'https://mcp.example.com' } },
        }),
      ),
      http.get(`${ENGINE}/mcp`, () => HttpResponse.json({ docs: { status: 'connected' } })),
      http.get(`${ENGINE}/command`, () =>
        HttpResponse.json([
          { name: 'init', description: 'Create AGENTS.md', template: 'x', source: 'command', hints: [] },
        ]),
      ),
    );
    renderWithProviders(<WorkspaceScreen host={direct} />);

    const skills = await screen.findByRole('list', { name: 'skills' });
    expect(within(skills).getByText('pdf')).toBeInTheDocument();
    expect(within(skills).getByText('Read PDFs')).toBeInTheDocument();
    expect(
      within(await screen.findByRole('list', { name: 'plugins' })).getByText('opencode-wakatime'),
    ).toBeInTheDocument();
    const mcp = await screen.findByRole('list', { name: 'MCP servers' });
    expect(within(mcp).getByText('docs')).toBeInTheDocument();
    expect(within(mcp).getByText('https://mcp.example.com')).toBeInTheDocument();
    expect(within(mcp).getByText('connected')).toBeInTheDocument();
    expect(within(await screen.findByRole('list', { name: 'commands' })).getByText('init')).toBeInTheDocument();

    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Remove / })).not.toBeInTheDocument();
    expect(screen.getAllByText(/^Changing .* needs an OpenWork host/)).toHaveLength(4);
    expect(screen.queryByRole('heading', { name: 'Workspaces' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Audit log' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Host kind: OpenCode')).toBeInTheDocument();
    expect(paths).toContain('/skill');
    expect(paths.every((p) => !p.startsWith('/workspace'))).toBe(true);
  });
});
