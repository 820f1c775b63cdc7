// Scrolling the virtualised conversation list of a big inbox (10,000 conversations seeded
// with `winmessages seed` into a second server by scripts/e2e.sh), measured in Chromium.
//
// How: every page of the list is loaded first (the list fetches the next 50 when its end
// comes into view), then the list is scrolled from top to bottom by a fixed step in each
// requestAnimationFrame callback. The rAF timestamps give the frame intervals; a frame
// counts as dropped when its interval exceeds 1.5 × the median (at 60 Hz: at least one
// vsync missed). Long tasks (> 50 ms) and long animation frames come from
// PerformanceObserver. Headless Chromium draws into no display: its frames are paced by
// an internal 60 Hz timer, not a monitor's vsync, and GPU work is done in software, so the
// figures measure main-thread work per frame (rendering the rows that come into view,
// style, layout) rather than what a screen would show.
//
// Diagnosis: long animation frames are printed with the scripts they ran. With
// E2E_SCROLL_TRACE=1 the scroll is also recorded as a Chrome trace
// (E2E_ARTIFACTS/scroll-trace.json, opens in the DevTools Performance panel), and the
// dropped frames with the busiest main thread are listed with what it did during them
// (script, style, layout, paint, garbage collection).
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";

const SERVER = process.env.E2E_BIG_SERVER;
const EMAIL = process.env.E2E_BIG_EMAIL;
const PASSWORD = process.env.E2E_BIG_PASSWORD;
const CONVERSATIONS = Number(process.env.E2E_BIG_CONVERSATIONS ?? 0);
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "e2e-artifacts";
/** Pixels scrolled per frame: about a dozen 84 px rows, a brisk flick through the list. */
const STEP_PX = 1_000;
/** More dropped frames than this fails the run. */
const MAX_DROPPED_SHARE = 0.05;
/** Rows in the DOM at any time: the list must stay virtualised. */
const MAX_ROWS_IN_DOM = 60;
const TRACE = process.env.E2E_SCROLL_TRACE === "1";
/** Few categories: enough to name a frame's work, little enough not to slow the frames. */
const TRACE_CATEGORIES = ["devtools.timeline", "v8", "toplevel", "blink.user_timing"];
const MAX_FRAMES_DESCRIBED = 10;
/** Main-thread trace events a dropped frame is described by (nested ones overlap). */
const FRAME_WORK = [
  "EventDispatch",
  "FireAnimationFrame",
  "FunctionCall",
  "UpdateLayoutTree",
  "Layout",
  "PrePaint",
  "Paint",
  "Layerize",
  "MajorGC",
  "MinorGC",
  "V8.GCIncrementalMarking",
  "V8.GCPhantomHandleProcessingCallback",
];

/**
 * What the page's main thread did in each dropped frame, from a trace in which the page
 * marked its first frame with `performance.mark("scroll-start")`. `stamps` are the frames'
 * requestAnimationFrame timestamps: a frame spans from its timestamp to the next one.
 */
function describeDroppedFrames(trace, stamps, median) {
  const events = JSON.parse(trace.toString("utf8")).traceEvents;
  const start = events.find((e) => e.name === "scroll-start" && e.ph === "I");
  if (!start) return ["  trace: no scroll-start mark"];
  const { pid, tid } = start;
  // Trace time (µs) of a page time (ms, performance.now()).
  const toTrace = (time) => start.ts + (time - start.args.data.startTime) * 1000;
  // The main thread's complete events, without those nested in one of the same name.
  const ends = new Map();
  const main = events
    .filter((e) => e.ph === "X" && e.pid === pid && e.tid === tid)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    .filter((e) => {
      if (e.ts + e.dur <= (ends.get(e.name) ?? -1)) return false;
      ends.set(e.name, e.ts + e.dur);
      return true;
    });
  const tasks = main.filter((e) => e.name === "ThreadControllerImpl::RunTask");
  const work = main.filter((e) => FRAME_WORK.includes(e.name));
  const overlap = (e, from, to) => Math.max(0, Math.min(to, e.ts + e.dur) - Math.max(from, e.ts)) / 1000;
  const frames = [];
  stamps.slice(1).forEach((stamp, i) => {
    const interval = stamp - stamps[i];
    if (interval <= 1.5 * median) return;
    const from = toTrace(stamps[i]);
    const to = toTrace(stamp);
    const busy = tasks.reduce((sum, e) => sum + overlap(e, from, to), 0);
    const byName = new Map();
    let named = 0;
    let namedUntil = from;
    for (const e of work) {
      if (e.ts >= to) break;
      const ms = overlap(e, from, to);
      if (ms <= 0) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + ms);
      const start = Math.max(e.ts, namedUntil);
      const end = Math.min(to, e.ts + e.dur);
      if (end > start) {
        named += (end - start) / 1000;
        namedUntil = end;
      }
    }
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6);
    // Busy time in none of FRAME_WORK: the commit to the compositor thread, mostly.
    const other = Math.max(0, busy - named);
    frames.push({
      busy,
      line:
        `  frame ${i + 1}: ${interval.toFixed(1)} ms, main thread busy ${busy.toFixed(1)} ms: ` +
        top.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(", ") +
        (other >= 1 ? `; other ${other.toFixed(1)}` : ""),
    });
  });
  const shown = [...frames].sort((a, b) => b.busy - a.busy).slice(0, MAX_FRAMES_DESCRIBED);
  const lines = [
    frames.length
      ? `  trace: ${frames.length} dropped frames, the ${shown.length} with the busiest main thread:`
      : "  trace: no dropped frame",
  ];
  lines.push(...shown.map((frame) => frame.line));
  const gcs = main.filter((e) => e.name === "MajorGC");
  const callbacks = main.filter((e) => e.name === "V8.GCPhantomHandleProcessingCallback");
  const longest = (list) => Math.max(0, ...list.map((e) => e.dur / 1000)).toFixed(1);
  lines.push(
    `  trace: ${gcs.length} major GCs (longest ${longest(gcs)} ms), ` +
      `weak-handle callbacks after them up to ${longest(callbacks)} ms`,
  );
  return lines;
}

const skip = SERVER && EMAIL && PASSWORD ? false : "no seeded server (E2E_BIG_SERVER); run with scripts/e2e.sh";

let browser;
let page;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
});

describe("a big inbox in Chromium", { skip }, () => {
  it(`scrolls ${CONVERSATIONS} conversations from top to bottom without dropping frames`, async () => {
    await page.goto(`${SERVER}/login`);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/inbox/);
    await page.goto(`${SERVER}/inbox?status=all`);
    const list = page.getByRole("list", { name: "Conversations" });
    await list.getByRole("link").first().waitFor();

    // Load every page: jump to the end until the list knows its size.
    const started = Date.now();
    const loaded = await page.evaluate(async () => {
      const scroller = document.querySelector(".conversation-list");
      const rows = () => document.querySelector(".conversation-list__rows");
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < 100_000; i += 1) {
        const last = rows().lastElementChild;
        if (last && last.getAttribute("aria-setsize") !== "-1") break;
        scroller.scrollTop = scroller.scrollHeight;
        await frame();
      }
      return Number(rows().lastElementChild.getAttribute("aria-setsize"));
    });
    console.log(`  loaded ${loaded} conversations (${Math.ceil(loaded / 50)} pages) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(loaded, CONVERSATIONS);

    if (TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const result = await page.evaluate(
      async ({ step, maxRows, mark }) => {
        const scroller = document.querySelector(".conversation-list");
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        scroller.scrollTop = 0;
        for (let i = 0; i < 10; i += 1) await frame();

        const longTasks = [];
        const longFrames = [];
        const observers = [];
        const observe = (type, sink, describe = (entry) => entry.duration) => {
          try {
            const observer = new PerformanceObserver((entries) => {
              for (const entry of entries.getEntries()) sink.push(describe(entry));
            });
            observer.observe({ type, buffered: false });
            observers.push(observer);
            return true;
          } catch {
            return false;
          }
        };
        const hasLongTasks = observe("longtask", longTasks);
        // A long animation frame with where its time went and its longest scripts.
        const hasLongFrames = observe("long-animation-frame", longFrames, (entry) => {
          const end = entry.startTime + entry.duration;
          const scripts = [...entry.scripts]
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 3)
            .map(
              (s) =>
                `${s.invokerType} ${s.invoker} → ${s.sourceFunctionName || "(anonymous)"} ` +
                `${s.sourceURL.split("/").pop()}:${s.sourceCharPosition} ${Math.round(s.duration)} ms`,
            );
          return {
            duration: entry.duration,
            blocking: entry.blockingDuration,
            render: entry.renderStart ? end - entry.renderStart : 0,
            styleAndLayout: entry.styleAndLayoutStart ? end - entry.styleAndLayoutStart : 0,
            scripts,
          };
        });

        const stamps = [];
        let mostRows = 0;
        const end = scroller.scrollHeight - scroller.clientHeight;
        await new Promise((resolve) => {
          const tick = (time) => {
            stamps.push(time);
            if (mark && stamps.length === 1) performance.mark("scroll-start");
            mostRows = Math.max(mostRows, scroller.querySelectorAll(".conversation-list__row").length);
            if (scroller.scrollTop >= end - 1) {
              resolve();
              return;
            }
            scroller.scrollTop = Math.min(end, scroller.scrollTop + step);
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        // Let the observers deliver the last entries.
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const observer of observers) observer.disconnect();

        const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
        const sorted = [...intervals].sort((a, b) => a - b);
        const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        const median = at(0.5);
        const lastRow = scroller.querySelector(".conversation-list__row:last-child")?.getAttribute("aria-posinset");
        return {
          frames: intervals.length,
          median,
          p95: at(0.95),
          p99: at(0.99),
          max: sorted.at(-1),
          droppedRelative: intervals.filter((d) => d > 1.5 * median).length,
          droppedOver25: intervals.filter((d) => d > 25).length,
          seconds: (stamps.at(-1) - stamps[0]) / 1000,
          longTasks: hasLongTasks ? longTasks.length : null,
          longTaskMs: hasLongTasks ? Math.round(longTasks.reduce((a, b) => a + b, 0)) : null,
          longFrames: hasLongFrames ? longFrames.length : null,
          longFrameDetails: longFrames.sort((a, b) => b.duration - a.duration).slice(0, 5),
          stamps,
          mostRows,
          maxRows,
          lastRow: Number(lastRow),
          scrolled: scroller.scrollTop,
        };
      },
      { step: STEP_PX, maxRows: MAX_ROWS_IN_DOM, mark: TRACE },
    );
    const trace = TRACE ? await browser.stopTracing() : null;
    await page.screenshot({ path: join(ARTIFACTS, "20-big-inbox-bottom.png") });

    const share = result.droppedRelative / result.frames;
    console.log(
      `  scrolled ${result.scrolled} px in ${result.frames} frames (${result.seconds.toFixed(1)} s, ${STEP_PX} px/frame): ` +
        `median ${result.median.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms; ` +
        `dropped ${result.droppedRelative} (${(share * 100).toFixed(1)}%, > 1.5 × median), ${result.droppedOver25} over 25 ms; ` +
        `long tasks ${result.longTasks ?? "n/a"} (${result.longTaskMs ?? "n/a"} ms), long animation frames ${result.longFrames ?? "n/a"}; ` +
        `at most ${result.mostRows} rows in the DOM`,
    );
    for (const frame of result.longFrameDetails) {
      console.log(
        `  long animation frame ${frame.duration.toFixed(0)} ms (blocking ${frame.blocking.toFixed(0)} ms, ` +
          `rendering ${frame.render.toFixed(0)} ms, of which style and layout ${frame.styleAndLayout.toFixed(0)} ms)` +
          (frame.scripts.length ? frame.scripts.map((script) => `\n    ${script}`).join("") : "; no script over 5 ms"),
      );
    }
    if (trace) {
      const file = join(ARTIFACTS, "scroll-trace.json");
      writeFileSync(file, trace);
      console.log(`  trace of the scroll: ${file}`);
      for (const line of describeDroppedFrames(trace, result.stamps, result.median)) console.log(line);
    }
    assert.equal(result.lastRow, CONVERSATIONS, "the last conversation is drawn at the bottom");
    assert.ok(result.mostRows <= MAX_ROWS_IN_DOM, `the list stays virtualised (${result.mostRows} rows in the DOM)`);
    assert.ok(share < MAX_DROPPED_SHARE, `${(share * 100).toFixed(1)}% of the frames dropped (limit ${MAX_DROPPED_SHARE * 100}%)`);
  });
});
