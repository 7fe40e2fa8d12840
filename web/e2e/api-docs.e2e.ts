// The served API documentation (/api/docs): it renders the OpenAPI document under the server's
// Content-Security-Policy, explains authentication, errors and pagination itself (no source
// paths a reader cannot open) and links the served document; axe finds nothing critical.
import { describe, expect, it } from 'vitest';
import { axeViolations, newPage, serverAndBrowser } from './harness';

const env = serverAndBrowser();

describe('API documentation', () => {
  it('renders the operations with their introduction, and is accessible', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.server.url}/api/docs/`);
    await page.getByText('Plenum API', { exact: false }).first().waitFor();
    await page.locator('.opblock').first().waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('X-Plenum-CSRF: 1');
    expect(text).not.toContain('docs/api/README.md');
    expect(await page.getByRole('link', { name: '/api/v1/openapi.json' }).first().getAttribute('href')).toBe('/api/v1/openapi.json');
    // No address bar of its own (the stand-alone layout's unlabelled field).
    expect(await page.locator('.topbar input').count()).toBe(0);
    const violations = await axeViolations(page);
    // What remains is Swagger UI's own styling (reported, not ours to fix): id, impact, places.
    console.log('axe on /api/docs:', violations.map((v) => `${v.id} (${v.impact ?? '?'}, ${v.nodes.length})`).join('; ') || 'none');
    expect(violations.filter((v) => v.impact === 'critical')).toEqual([]);
  });
});
