import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { ensureUiBuilt, REPO_ROOT } from '@telco-churn/dev-tools/ui-build';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, seriousA11yViolations } from './browser';
import { shiftedReport } from './monitor-fixture';
import { startUi, TEST_PASSWORD, TEST_USER, waitForHttp, type Proc } from './stack';

jest.setTimeout(180_000);

const OUT = path.join(REPO_ROOT, 'test-output', 'e2e');
// In the range this suite owns, so it can run beside the other browser tests.
const UI_PORT = 8651;

if (!hasChromium) console.log(`e2e: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const suite = hasChromium ? describe : describe.skip;

suite('the monitoring page in a real browser', () => {
  let dir: string;
  let ui: Proc;
  let browser: Browser;
  let page: Page;
  let report: MonitorReport;
  const base = `http://127.0.0.1:${UI_PORT}`;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'monitoring-e2e-'));
    report = await shiftedReport();
    writeFileSync(path.join(dir, 'monitor.json'), JSON.stringify(report));
    await ensureUiBuilt();
    // The page never calls the API: port 9 (discard) makes any attempt fail loudly.
    ui = startUi(UI_PORT, 9, { MONITOR_REPORT_DIR: dir });
    await waitForHttp(`${base}/api/health`, ui, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(`${base}/monitoring`);
    await page.fill('#username', TEST_USER);
    await page.fill('#password', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/monitoring`);
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the alerts before anything else, naming the drifted field', async () => {
    const firstSection = page.locator('.stack > *').first();
    expect(await firstSection.getAttribute('data-testid')).toBe('alerts');
    const contract = page.locator('[data-testid=alerts] li[data-subject=contract]');
    expect(await contract.textContent()).toMatch(
      new RegExp(
        `Contract drifted from training: PSI ${report.fields.contract.psi.toFixed(3)} \\(alert at 0.2\\)`,
      ),
    );
    expect(await page.locator('[data-testid=alerts] li[data-subject=gender]').count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'monitoring-alerts.png'), fullPage: true });
  });

  it('marks the shifted field as drifted in the PSI chart and leaves an unshifted one alone', async () => {
    const bar = (field: string) => page.locator(`svg[data-chart=psi] g[data-field=${field}]`);
    expect(await bar('contract').getAttribute('data-drifted')).toBe('true');
    expect(await bar('gender').getAttribute('data-drifted')).toBe('false');
    expect(await page.locator('[data-testid=distribution-contract] svg').count()).toBe(1);
  });

  it('shows the realised AUC of the report', async () => {
    expect(await page.getByTestId('realised-auc').textContent()).toBe(report.realised!.auc!.toFixed(3));
    expect(await page.locator('svg[data-chart=daily-auc]').count()).toBe(1);
  });

  it('has no serious accessibility problem', async () => {
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('explains how to feed outcomes when a report has none', async () => {
    writeFileSync(path.join(dir, 'monitor.json'), JSON.stringify(await shiftedReport({ outcomes: false })));
    await page.reload();
    expect(await page.getByTestId('no-outcomes').textContent()).toMatch(/POST \$API_URL\/outcomes/);
  });

  it('explains how to produce a report when there is none', async () => {
    unlinkSync(path.join(dir, 'monitor.json'));
    await page.reload();
    expect(await page.getByTestId('no-report').textContent()).toMatch(/npm run monitor/);
    await page.screenshot({ path: path.join(OUT, 'monitoring-empty.png'), fullPage: true });
  });
});
