import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { TestApp, startTestApp } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];
const run = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.log(`skipping the Swagger UI browser test: no Chromium at ${CHROMIUM}`);

jest.setTimeout(60_000);

run('GET /docs in Chromium', () => {
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every operation of the generated document under its CSP, with no console error', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    await page.goto(`${api.url}/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const paths = await page.$$eval('.opblock-summary-path', (els) =>
      els.map((e) => e.getAttribute('data-path')),
    );
    expect(paths.sort()).toEqual([
      '/campaign',
      '/docs',
      '/health',
      '/model',
      '/openapi.json',
      '/outcomes',
      '/predict',
      '/predict/batch',
      '/retention',
      '/retention/assumptions',
    ]);
    expect(await page.textContent('.info .title')).toContain('Telco Churn Prediction API');
    expect(problems).toEqual([]);
  });
});
