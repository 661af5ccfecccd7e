import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseCsv } from '@telco-churn/core/csv';
import type { Customer } from '@telco-churn/core/fields';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import type { Prediction } from '@telco-churn/core/contracts';
import { PRESETS } from '../lib/form-state';
import { formatPercent, type RetentionAnswer } from '../lib/retention';
import { ensureUiBuilt, REPO_ROOT } from '@telco-churn/dev-tools/ui-build';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, seriousA11yViolations, unlabelledControls } from './browser';
import { startProcess, waitForHttp, type Proc } from './stack';

jest.setTimeout(120_000);

const OUT = path.join(REPO_ROOT, 'test-output', 'e2e');
const USER = 'retention-analyst';
const PASSWORD = 'e2e password that is long';
const BATCH_ROWS = 10_000;
const CAMPAIGN_ROWS = 2_000;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

if (!hasChromium) console.log(`e2e: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const suite = hasChromium ? describe : describe.skip;

suite('the UI in a real browser, against the stack npm start runs', () => {
  let stack: Proc;
  let browser: Browser;
  let page: Page;
  let ui: string;
  let api: string;
  const pageProblems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  const apiPredict = async (customer: Customer): Promise<Prediction> => {
    const response = await fetch(`${api}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(customer),
    });
    return (await response.json()) as Prediction;
  };
  /** Script bytes as sent (gzip) when a signed-in user with an empty cache opens `route`. */
  const firstLoadScriptBytes = async (route: string): Promise<number> => {
    const context = await browser.newContext({ storageState: await page.context().storageState() });
    const fresh = await context.newPage();
    const sizes: Promise<number>[] = [];
    fresh.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') sizes.push(request.sizes().then((s) => s.responseBodySize));
    });
    await fresh.goto(`${ui}${route}`, { waitUntil: 'networkidle' });
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    await context.close();
    return Math.round(total / 102.4) / 10;
  };
  const radio = (group: string, option: string) =>
    page.getByRole('group', { name: group, exact: true }).getByRole('radio', { name: option, exact: true });
  const predictAndRead = async () => {
    await page.click('form[aria-label="Customer"] button[type=submit]');
    const probability = page.getByTestId('probability');
    await probability.waitFor();
    return Number(await probability.getAttribute('data-value'));
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const started = Date.now();
    const built = await ensureUiBuilt();
    console.log(
      `e2e: UI build ${built ? `took ${((Date.now() - started) / 1000).toFixed(1)} s` : 'was up to date'}`,
    );
    const [apiPort, uiPort] = [await freePort(), await freePort()];
    ui = `http://127.0.0.1:${uiPort}`;
    api = `http://127.0.0.1:${apiPort}`;
    stack = startProcess(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
      ...process.env,
      API_PORT: String(apiPort),
      UI_PORT: String(uiPort),
      ADMIN_USERNAME: USER,
      ADMIN_PASSWORD_HASH: bcrypt.hashSync(PASSWORD, 8),
      LOG_LEVEL: 'warn',
    });
    await waitForHttp(`${api}/health`, stack, 90_000);
    await waitForHttp(`${ui}/api/health`, stack, 90_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') pageProblems.push(`console: ${m.text()} @ ${m.location().url}`);
    });
    page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong password and says so', async () => {
    await page.goto(`${ui}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.fill('#username', USER);
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    await expect(page.locator('p.alert[role=alert]').textContent()).resolves.toBe(
      'Wrong user name or password.',
    );
    // The user name survives the refusal; the cursor waits in the password box.
    expect(await page.inputValue('#username')).toBe(USER);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await shot('01-login-refused');
  });

  it('signs in and predicts a low-risk customer with the probability the API returns', async () => {
    await page.fill('#username', USER);
    await page.fill('#password', PASSWORD);
    const started = Date.now();
    await page.click('button[type=submit]');
    await page.locator('form[data-ready=true]').waitFor();
    await page.getByRole('button', { name: PRESETS[0].name }).click();
    const formReady = Date.now() - started;
    const shown = await predictAndRead();
    console.log(
      `e2e: sign-in to first prediction on screen: ${Date.now() - started} ms (form usable after ${formReady} ms)`,
    );
    console.log(
      `e2e: first-load JavaScript of / in a fresh browser context: ${await firstLoadScriptBytes('/')} KB over the wire`,
    );
    const expected = await apiPredict(PRESETS[0].customer);
    expect(shown).toBe(expected.churn_probability);
    expect(await page.getByTestId('probability').textContent()).toBe(
      formatPercent(expected.churn_probability),
    );
    expect(expected.risk_level).toBe('low');
    expect(await page.getByTestId('risk').textContent()).toBe('Low risk');
    await shot('02-predict-low-risk');
  });

  it('predicts a high-risk customer edited from the keyboard, with factors and retention offers', async () => {
    await page.getByRole('button', { name: PRESETS[1].name }).click();
    await page.focus('#f-tenure');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('3');
    // Arrow keys move within a radio group: Female -> Male.
    await page.focus('input[name=gender]:checked');
    await page.keyboard.press('ArrowLeft');
    await page.focus('#f-tenure');
    await page.keyboard.press('Enter');
    const probability = page.getByTestId('probability');
    await page.waitForFunction(() => document.querySelector('[data-testid=result]') !== null);
    const expected = await apiPredict({ ...PRESETS[1].customer, tenure: 3, gender: 'Male' });
    await expect(probability.getAttribute('data-value')).resolves.toBe(String(expected.churn_probability));
    expect(expected.risk_level).toBe('high');
    expect(await page.getByTestId('will-churn').textContent()).toBe('Likely to churn');
    expect(await page.locator('svg[data-chart=factors] rect').count()).toBe(expected.top_factors.length);
    await page.getByTestId('offers-table').waitFor();
    expect(await page.getByTestId('offers-table').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await unlabelledControls(page)).toEqual([]);
    await shot('03-predict-high-risk');
    // What-if: offering a two-year contract, the page shows how far the risk falls.
    await radio('Contract', 'Two year').check();
    await page.click('form[aria-label="Customer"] button[type=submit]');
    await page.getByTestId('change').waitFor();
    const offered = await apiPredict({
      ...PRESETS[1].customer,
      tenure: 3,
      gender: 'Male',
      contract: 'Two year',
    });
    const drop = ((expected.churn_probability - offered.churn_probability) * 100).toFixed(1);
    expect(await page.getByTestId('change').textContent()).toBe(
      `▼ −${drop} points since the previous prediction (${formatPercent(expected.churn_probability)})`,
    );
  });

  it('shows field errors inline with the API’s own message and keeps the form from sending', async () => {
    await page.fill('#f-tenure', '150');
    await page.locator('#f-tenure').blur();
    const error = page.locator('#f-tenure-error');
    await expect(error.textContent()).resolves.toBe('tenure must be a whole number from 0 to 100');
    expect(await page.getAttribute('#f-tenure', 'aria-invalid')).toBe('true');
    const apiAnswer = await fetch(`${api}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...PRESETS[1].customer, tenure: 150 }),
    });
    const body = (await apiAnswer.json()) as { error: { details: { field: string; message: string }[] } };
    expect(body.error.details).toContainEqual({ field: 'tenure', message: await error.textContent() });
    await page.click('form[aria-label="Customer"] button[type=submit]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-tenure');
    await shot('04-field-error');
    await page.fill('#f-tenure', '3');
    await page.locator('#f-tenure').blur();
    await expect(error.count()).resolves.toBe(0);
  });

  it('keeps dependent fields consistent as the user changes services', async () => {
    await radio('Internet service', 'No').check();
    await page.getByTestId('stale').waitFor();
    const onlineSecurity = page.locator('input[name=onlineSecurity]');
    await page.waitForFunction(() => document.querySelectorAll('input[name=onlineSecurity]').length === 1);
    expect(await onlineSecurity.inputValue()).toBe('No internet service');
    expect(await onlineSecurity.isDisabled()).toBe(true);
    await radio('Phone service', 'No').check();
    expect(await page.locator('input[name=multipleLines]:checked').inputValue()).toBe('No phone service');
    await radio('Internet service', 'DSL').check();
    await page.waitForFunction(() => document.querySelectorAll('input[name=streamingTV]').length === 2);
    expect(await page.locator('input[name=streamingTV]:checked').inputValue()).toBe('No');
    await shot('05-dependent-fields');
    // The consistent form is accepted by the API as it stands.
    await predictAndRead();
  });

  it('lists this tab’s recent predictions, newest first, and loads one back into the form', async () => {
    const items = page.locator('.recent button');
    expect(await items.count()).toBeGreaterThanOrEqual(4);
    await items.last().click();
    expect(await page.inputValue('#f-tenure')).toBe(String(PRESETS[0].customer.tenure));
    expect(await page.locator('input[name=contract]:checked').inputValue()).toBe(
      PRESETS[0].customer.contract,
    );
  });

  it('applies an offer on the predict page: the form takes its changes and shows the API’s probability', async () => {
    const customer = PRESETS[1].customer;
    await page.getByRole('button', { name: PRESETS[1].name }).click();
    await predictAndRead();
    await page.getByTestId('offers-table').waitFor();
    const answer = (await (
      await fetch(`${api}/retention`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer }),
      })
    ).json()) as RetentionAnswer;
    // Ranked as the API ranks them, each with the API's probability after the offer.
    const shown = await page
      .getByTestId('offers-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-offer')));
    expect(shown).toEqual(answer.offers.slice(0, shown.length).map((o) => o.id));
    expect(Number(await page.getByTestId('value-at-risk').getAttribute('data-value'))).toBe(
      answer.value_at_risk,
    );
    expect(await page.getByTestId('offers').textContent()).toContain('not causal effects');
    await shot('04a-offers');

    const offer = answer.offers[0];
    await page
      .locator(`tr[data-offer="${offer.id}"]`)
      .getByRole('button', { name: /^Apply/ })
      .click();
    await page.waitForFunction(
      (p) => document.querySelector('[data-testid=probability]')?.getAttribute('data-value') === String(p),
      offer.churn_probability_after,
    );
    for (const [field, value] of Object.entries(offer.changes)) {
      const input = page.locator(`input[name=${field}]`);
      const current =
        (await input.count()) > 1
          ? await page.locator(`input[name=${field}]:checked`).inputValue()
          : await input.inputValue();
      expect(current).toBe(String(value));
    }
    const changed = { ...customer, ...offer.changes } as Customer;
    expect((await apiPredict(changed)).churn_probability).toBe(offer.churn_probability_after);
    await page.getByTestId('change').waitFor();
  });

  it('sends edited assumptions as overrides and shows a refused value’s message beside it', async () => {
    await page.locator('[data-testid=assumptions] summary').click();
    await page.fill('#a-margin_rate', '2');
    await page.click('form[aria-label="Customer"] button[type=submit]');
    const error = page.locator('#a-margin_rate-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('economics.margin_rate must be ≤ 1');
    expect(await page.getAttribute('#a-margin_rate', 'aria-invalid')).toBe('true');
    await page.fill('#a-margin_rate', '0.25');
    await page.click('form[aria-label="Customer"] button[type=submit]');
    await page.getByTestId('offers-table').waitFor();
    const valueAtRisk = Number(await page.getByTestId('value-at-risk').getAttribute('data-value'));
    const probability = Number(await page.getByTestId('probability').getAttribute('data-value'));
    const charges = Number(await page.inputValue('#f-monthlyCharges'));
    // value at risk = p × monthly charges × margin rate × horizon, with the edited margin rate.
    expect(valueAtRisk).toBeCloseTo(probability * charges * 0.25 * 12, 1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset to the defaults' }).click();
  });

  it('scores a generated file of 10,000 customers with a few bad rows, and downloads the scores', async () => {
    const rows = generateCustomers(BATCH_ROWS, 606);
    const lines = toTelcoCsv(rows).split('\n');
    lines[3] = lines[3].replace(/,(Month-to-month|One year|Two year),/, ',Weekly,'); // line 4
    lines[10] = lines[10].split(',').slice(0, 7).join(','); // line 11: too few fields
    lines[5] = lines[5].replace(/^[^,]+/, '@SUM(1+1)'); // line 6: a formula for a customerID
    const file = path.join(OUT, 'customers.csv');
    writeFileSync(file, lines.join('\n'));
    const started = Date.now();
    await page.goto(`${ui}/batch`);
    await page.locator('form[data-ready=true]').waitFor();
    const sample = await page.evaluate(async () => (await fetch('/api/sample?rows=3')).text());
    expect(sample.trim().split('\n')).toHaveLength(4);
    expect(sample.startsWith('customerID,gender,SeniorCitizen')).toBe(true);
    await page.setInputFiles('#csv-file', file);
    await page.click('text=Score file');
    await page.getByRole('button', { name: 'Download scored CSV' }).waitFor({ timeout: 90_000 });
    console.log(`e2e: batch of ${BATCH_ROWS} rows scored in ${Date.now() - started} ms`);
    await expect(page.getByTestId('progress-text').textContent()).resolves.toMatch(
      `Done: ${(BATCH_ROWS - 2).toLocaleString('en-US')} customers scored, 2 rows with errors`,
    );
    const invalid = page.getByTestId('invalid-rows');
    expect(await invalid.locator('tbody tr td:first-child').allTextContents()).toEqual(['4', '11']);
    expect(await invalid.textContent()).toContain('contract must be one of');

    // Highest risk first; the top row's score is the API's for that customer.
    const firstRow = page.getByTestId('results-table').locator('tbody tr').first();
    const topLine = Number(await firstRow.locator('td').first().textContent());
    const topScore = Number(await firstRow.locator('td[data-probability]').getAttribute('data-probability'));
    const scores = await page
      .locator('td[data-probability]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-probability'))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const topCustomer = rows[topLine - 2];
    expect(topCustomer.customer.tenure).toBeGreaterThan(0);
    expect(topScore).toBe((await apiPredict(topCustomer.customer)).churn_probability);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot('06-batch');

    await page.getByRole('button', { name: /Churn probability/ }).click();
    const ascending = await page
      .locator('td[data-probability]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-probability'))));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download scored CSV' }).click(),
    ]);
    const saved = path.join(OUT, download.suggestedFilename());
    await download.saveAs(saved);
    const records = parseCsv(readFileSync(saved, 'utf8'));
    const header = records[0].fields;
    expect(download.suggestedFilename()).toBe('customers-scored.csv');
    expect(header.slice(-6)).toEqual([
      'churn_probability',
      'will_churn',
      'risk_level',
      'top_risk_drivers',
      'scoring_error',
      'prediction_id',
    ]);
    expect(records).toHaveLength(BATCH_ROWS + 1);
    const at = (line: number) => records.find((r) => r.line === line)!.fields;
    expect(at(topLine)[header.indexOf('churn_probability')]).toBe(String(topScore));
    expect(at(topLine)[header.indexOf('prediction_id')]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(at(4)[header.indexOf('prediction_id')]).toBe('');
    expect(at(4)[header.indexOf('scoring_error')]).toMatch(/contract must be one of/);
    // A spreadsheet shows it as text rather than running it.
    expect(at(6)[0]).toBe("'@SUM(1+1)");
  });

  it('plans a campaign within the budget, with a seeded holdout, and downloads it', async () => {
    const rows = generateCustomers(CAMPAIGN_ROWS, 707);
    const lines = toTelcoCsv(rows).split('\n');
    lines[5] = lines[5].replace(/,(Month-to-month|One year|Two year),/, ',Weekly,'); // line 6
    const file = path.join(OUT, 'campaign-customers.csv');
    writeFileSync(file, lines.join('\n'));
    await page.goto(`${ui}/batch?mode=campaign`);
    await page.locator('form[data-ready=true]').waitFor();
    await page.setInputFiles('#campaign-file', file);
    await page.fill('#c-budget', '-5');
    await page.click('text=Plan campaign');
    await expect(page.locator('#c-budget-error').textContent()).resolves.toBe(
      'budget must be a number from 0 to 1000000000',
    );
    const budget = 1500;
    await page.fill('#c-budget', String(budget));
    await page.fill('#c-capacity', '');
    await page.fill('#c-holdout_fraction', '0.2');
    await page.fill('#c-seed', '7');
    const started = Date.now();
    await page.click('text=Plan campaign');
    const downloadButton = page.getByRole('button', { name: 'Download campaign CSV' });
    await downloadButton.waitFor({ timeout: 60_000 });
    console.log(`e2e: campaign of ${CAMPAIGN_ROWS} customers planned in ${Date.now() - started} ms`);
    expect(await page.locator('svg[data-chart=campaign] path').count()).toBe(1);
    expect(
      await page.getByTestId('invalid-rows').locator('tbody tr td:first-child').allTextContents(),
    ).toEqual(['6']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await unlabelledControls(page)).toEqual([]);
    await shot('06a-campaign');

    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    const saved = path.join(OUT, download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe('campaign-customers-campaign.csv');
    const [head, ...records] = parseCsv(readFileSync(saved, 'utf8')).map((r) => r.fields);
    expect(head).toEqual([
      'customerID',
      'line',
      'churn_probability',
      'value_at_risk',
      'best_offer',
      'expected_net_value',
      'cost',
      'selected',
      'group',
      'prediction_id',
    ]);
    expect(records).toHaveLength(CAMPAIGN_ROWS - 1);
    const col = (name: string) => head.indexOf(name);
    // Each scored customer's id in the prediction log, so outcomes can be joined to it later.
    const ids = records.map((r) => r[col('prediction_id')]);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const selected = records.filter((r) => r[col('selected')] === 'Yes');
    const selectedCost = selected.reduce((sum, r) => sum + Number(r[col('cost')]), 0);
    expect(selected.length).toBeGreaterThan(0);
    expect(selectedCost).toBeLessThanOrEqual(budget + 1e-9);
    const holdout = selected.filter((r) => r[col('group')] === 'holdout').length;
    expect(holdout).toBe(Math.round(0.2 * selected.length));
    const net = records.map((r) => Number(r[col('expected_net_value')]));
    expect(net).toEqual([...net].sort((a, b) => b - a));
    // Each row is the customer of its line in the file, scored as /predict scores them.
    const top = records[0];
    const topCustomer = rows[Number(top[col('line')]) - 2];
    expect(top[col('customerID')]).toBe(topCustomer.customerId);
    expect(Number(top[col('churn_probability')])).toBe(
      (await apiPredict(topCustomer.customer)).churn_probability,
    );
  });

  it('refuses a campaign of more than 10,000 customers and says how to split it', async () => {
    const csv = toTelcoCsv(generateCustomers(10_001, 808));
    const answer = await page.evaluate(async (text) => {
      const response = await fetch('/api/campaign', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ csv: text }),
      });
      return { status: response.status, body: (await response.json()) as { error: { message: string } } };
    }, csv);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/10,001 valid customers; a campaign plans at most 10,000/);
  });

  it('renders the model card’s charts from GET /model', async () => {
    await page.goto(`${ui}/model`);
    const card = (await (await fetch(`${api}/model`)).json()) as { model_version: string; metrics: unknown };
    expect(await page.getByTestId('model-version').textContent()).toBe(card.model_version);
    if (card.metrics) {
      expect(await page.locator('svg[data-chart=roc] path').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('svg[data-chart=confusion] rect').count()).toBe(4);
      expect(await page.locator('svg[data-chart=importance] rect').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('metrics-table').locator('tbody tr').count()).toBeGreaterThan(3);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot('07-model');
  });

  it('signs out, after which pages need a new sign-in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
    await page.goto(`${ui}/batch`);
    expect(new URL(page.url()).pathname).toBe('/login');
    const apiCall = await page.evaluate(
      async () => (await fetch('/api/predict', { method: 'POST', body: '{}' })).status,
    );
    expect(apiCall).toBe(401);
    await shot('08-signed-out');
  });

  it('ran every page without script errors or CSP violations', () => {
    // The refusals the tests provoke on purpose (bad assumptions, bad budget, too many customers).
    const provoked = /status of (422|413) .*\/api\/(retention|campaign)$/;
    expect(pageProblems.filter((p) => !p.includes('401') && !provoked.test(p))).toEqual([]);
  });
});
