// Drives Debian's chromium (playwright-core, no browser of its own) over an HTML review report written by
// `jixiao report`, and prints what it saw as one JSON object for tests/it/browser.rs to compare with
// `jixiao check --format json`. Usage:
//   node report.cjs check PAGE.html SCREENSHOT.png   what the page shows, sorted and filtered, printed
//   node report.cjs measure PAGE.html                how long the page takes to be ready and to sort
// Environment: PLAYWRIGHT_CORE (the package's directory), CHROMIUM (the browser's executable).
"use strict";
const path = require("path");
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

async function open(file) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  const seen = { requests: [], external: [], consoleErrors: [], dialogs: [] };
  page.on("request", (r) => {
    seen.requests.push(r.url());
    if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) seen.external.push(r.url());
  });
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") seen.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => seen.consoleErrors.push(String(e)));
  page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
  const started = Date.now();
  await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
  seen.readyMs = Date.now() - started;
  return { browser, page, seen };
}

const rows = (page) => page.$$eval("#files tbody tr", (trs) => trs.map((tr) => ({
  path: tr.getAttribute("data-path"),
  errors: Number(tr.querySelector("td.errors").textContent),
  warnings: Number(tr.querySelector("td.warnings").textContent),
  infos: Number(tr.querySelector("td.infos").textContent),
  verdict: tr.querySelector("td.verdict").textContent,
})));

async function check(file, screenshot) {
  const { browser, page, seen } = await open(file);
  const out = { seen };
  out.summary = await page.$$eval("#summary .n", (ns) => Object.fromEntries(ns.map((n) => [n.id.replace("sum-", ""), Number(n.textContent)])));
  out.rows = await rows(page);
  await page.waitForSelector("#sections[data-pending='0']");
  out.units = await page.$$eval("#sections .unit", (us) => us.map((u) => ({ path: u.getAttribute("data-path"), findings: u.querySelectorAll("tr.finding").length })));
  out.chart = await page.$$eval("#chart g.bar", (gs) => gs.map((g) => ({ code: g.getAttribute("data-code"), count: Number(g.querySelector(".count").textContent) })));
  out.ruleLinks = await page.$$eval("#sections a[href^='#rule-']", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !document.querySelector(h)));
  await page.screenshot({ path: screenshot, fullPage: false });

  const sortBy = async (key) => { await page.click(`#files th[data-key='${key}'] button`); return rows(page); };
  out.byFile = (await sortBy("file")).map((r) => r.path);
  out.byFileAgain = (await sortBy("file")).map((r) => r.path);
  out.byWarnings = (await sortBy("warnings")).map((r) => r.warnings);
  out.byWarningsAgain = (await sortBy("warnings")).map((r) => r.warnings);

  const filter = async (name, value) => { await page.selectOption(`#filter-${name}`, value); return rows(page); };
  out.onlyWarnings = await filter("severity", "1");
  await page.waitForSelector("#sections[data-pending='0']");
  out.onlyWarningsUnits = await page.$$eval("#sections tr.finding", (trs) => trs.map((tr) => tr.className));
  await filter("severity", "");
  out.ruleOptions = await page.$$eval("#filter-rule option", (os) => os.map((o) => o.value).filter(Boolean));
  out.onlyRule = await filter("rule", out.ruleOptions.includes("JX102") ? "JX102" : out.ruleOptions[0]);
  await page.waitForSelector("#sections[data-pending='0']");
  out.onlyRuleCodes = await page.$$eval("#sections tr.finding", (trs) => [...new Set(trs.map((tr) => tr.getAttribute("data-code")))]);
  await filter("rule", "");
  out.onlyCategory = await filter("category", "measurability");
  await filter("category", "");

  // The page redraws itself for print when the media query's change event comes, some time after emulateMedia
  // returns: wait for that drawing, then read it in one evaluation, so that no element read is one being replaced.
  await page.emulateMedia({ media: "print" });
  await page.waitForSelector("body[data-printing='1'] #sections[data-pending='0']", { state: "attached" });
  Object.assign(out, await page.evaluate(() => {
    const units = document.querySelectorAll("#sections .unit");
    return {
      printUnits: units.length,
      printBreak: units.length ? getComputedStyle(units[0]).breakBefore : null,
      printControlsHidden: getComputedStyle(document.getElementById("controls")).display === "none",
    };
  }));
  await page.emulateMedia({ media: "screen" });
  await page.waitForSelector("body[data-printing='0'] #sections[data-pending='0']", { state: "attached" });

  out.injection = await page.evaluate(() => ({
    pwned: window.__pwned === 1,
    scripts: document.querySelectorAll("script").length,
    images: document.querySelectorAll("img").length,
    text: document.body.innerText,
  }));
  out.seen = seen;
  await browser.close();
  return out;
}

async function measure(file) {
  const { browser, page, seen } = await open(file);
  const findings = await page.evaluate(() => JSON.parse(document.getElementById("data").textContent).files.reduce((n, f) => n + f.findings.length, 0));
  let started = Date.now();
  await page.click("#files th[data-key='file'] button");
  await page.waitForSelector("#files th[data-key='file'][aria-sort]");
  const sortMs = Date.now() - started;
  const sortDrawMs = Math.round(await page.evaluate(() => window.__jixiaoDrawMs));
  started = Date.now();
  await page.selectOption("#filter-severity", "1");
  const filterMs = Date.now() - started;
  const filterDrawMs = Math.round(await page.evaluate(() => window.__jixiaoDrawMs));
  const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return { responseEnd: Math.round(nav.responseEnd), domInteractive: Math.round(nav.domInteractive), ready: Math.round(window.__jixiaoReady || -1), loadEnd: Math.round(nav.loadEventEnd) };
  });
  await browser.close();
  return { findings, readyMs: seen.readyMs, timing, sortMs, sortDrawMs, filterMs, filterDrawMs, nodes, consoleErrors: seen.consoleErrors, external: seen.external };
}

(async () => {
  const [mode, file, screenshot] = process.argv.slice(2);
  const out = mode === "measure" ? await measure(file) : await check(file, screenshot);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
