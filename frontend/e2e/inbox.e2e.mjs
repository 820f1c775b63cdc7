// End-to-end: the built SPA served by the real server, WhatsApp played by the simulator,
// driven in headless Chromium. Run by scripts/e2e.sh, which starts both and sets E2E_*.
// The scenarios run in order and share one signed-in browser page, like an agent's day.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the tests with scripts/e2e.sh`);
  return value;
};

const SERVER = env("E2E_SERVER");
const SIM = env("E2E_SIM");
const PNID = env("E2E_PNID");
const ARTIFACTS = env("E2E_ARTIFACTS");
const ADMIN = { email: "owner@e2e.example", password: "copper-meadow-lantern-42", name: "Olivia Owner" };
const CUSTOMER = { waId: "15550101001", name: "Sheena Nelson" };
/** A customer who last wrote more than a day ago: only templates may be sent. */
const LAPSED_CUSTOMER = { waId: "15550101002", name: "Marcus Lapsed" };
/** A customer whose data the admin restricts, exports and erases (the last scenarios). */
const ERASED_CUSTOMER = { waId: "15550101003", name: "Erin Erasable" };
/** The conversation list follows the event stream: a new message shows within moments. */
const LIVE_WAIT = 5_000;
/** Pages opened with `goto` rely on a fresh fetch, not on the stream. */
const LIST_REFRESH_WAIT = 30_000;
/** Status webhooks arrive within a few seconds; the event stream brings each change. */
const TICKS_WAIT = 30_000;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function call(method, url, { token, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return data;
}

async function login(email, password) {
  const answer = await call("POST", `${SERVER}/api/v1/auth/login`, { body: { email, password, token_delivery: "body" } });
  return answer.access_token;
}

let browser;
let context;
let page;
/** Requests the page made, in order: `{ method, path, search, authorization }`. */
const requests = [];
let adminToken;
let conversationId;

async function screenshot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The bubble of the newest outbound message whose text contains `text`. */
function outboundBubble(text) {
  return page.locator(".message--outbound", { hasText: text }).last();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The organization, its admin and its WhatsApp number, as an operator would set them up.
  const staff = await login(env("E2E_STAFF_EMAIL"), env("E2E_STAFF_PASSWORD"));
  await call("POST", `${SERVER}/api/v1/admin/organizations`, {
    token: staff,
    body: { name: "E2E Bakery", admin: ADMIN },
  });
  adminToken = await login(ADMIN.email, ADMIN.password);
  await call("POST", `${SERVER}/api/v1/accounts`, {
    token: adminToken,
    body: { waba_id: env("E2E_WABA"), phone_number_id: PNID, access_token: env("E2E_ACCESS_TOKEN") },
  });

  browser = await chromium.launch({
    executablePath: env("CHROMIUM_PATH"),
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on("request", (request) => {
    const url = new URL(request.url());
    requests.push({ method: request.method(), path: url.pathname, search: url.search, authorization: request.headers().authorization ?? null });
  });
  page.on("pageerror", (error) => {
    console.error(`page error: ${error.message}`);
  });
});

after(async () => {
  await browser?.close();
});

describe("WinMessages in Chromium", () => {
  it("login: a wrong password is refused with an error, the right one lands in the inbox", async () => {
    await page.goto(`${SERVER}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    assert.match(await page.getByRole("alert").innerText(), /\S/);
    await screenshot("01-login-refused");

    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByRole("heading", { name: "Inbox" }).waitFor({ state: "attached" });
    await screenshot("02-inbox-empty");
  });

  it("first contentful paint of the inbox (loopback, session restored from the cookie)", async () => {
    await page.goto(`${SERVER}/inbox`, { waitUntil: "load" });
    await page.getByRole("searchbox").or(page.getByRole("heading", { name: "Inbox" })).first().waitFor({ state: "attached" });
    const paint = await page.evaluate(() => {
      const [fcp] = performance.getEntriesByName("first-contentful-paint");
      const [navigation] = performance.getEntriesByType("navigation");
      return { fcp: fcp?.startTime ?? null, domContentLoaded: navigation?.domContentLoadedEventEnd ?? null };
    });
    assert.ok(paint.fcp !== null, "the browser reported no first-contentful-paint");
    console.log(
      `  inbox first contentful paint: ${paint.fcp.toFixed(0)} ms (DOMContentLoaded ${paint.domContentLoaded?.toFixed(0)} ms)`,
    );
  });

  it("a simulated customer writes and the conversation arrives through the event stream", async () => {
    // The stream is open (the header says nothing unless it is interrupted)…
    await page.locator('[data-live-status="open"]').waitFor({ state: "attached" });
    const stream = requests.findLast((r) => r.path === "/api/v1/events");
    assert.ok(stream, "the inbox opened no event stream");
    assert.match(stream.authorization ?? "", /^Bearer \S+$/, "the stream authenticates with the header");
    assert.equal(stream.search, "", "no token (nor anything else) in the stream's URL");
    // …so the list is not polled: whatever shows next came through it.
    const before = requests.length;
    await call("POST", `${SIM}/_sim/customers/${CUSTOMER.waId}/messages`, {
      body: {
        phone_number_id: PNID,
        profile_name: CUSTOMER.name,
        message: { type: "text", body: "Hi! Is my order ready for pickup?" },
      },
    });
    const item = page.getByRole("link", { name: new RegExp(CUSTOMER.name) });
    await item.waitFor({ timeout: LIVE_WAIT });
    const meanwhile = requests.slice(before).filter((r) => r.path.startsWith("/api/v1/conversations"));
    assert.deepEqual(meanwhile, [], "the conversation showed without any conversation request");
    await item.click();
    await page.getByRole("log", { name: "Messages" }).getByText("Is my order ready for pickup?").waitFor();
    conversationId = Number(new URL(page.url()).pathname.split("/").pop());
    assert.ok(conversationId > 0);
    await page.getByText(/Window closes in/).waitFor();
    await screenshot("03-conversation");
  });

  it("replies with text: the message shows at once, then its ticks go to read", async () => {
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Yes, it is ready. See you soon!");
    const before = requests.length;
    await box.press("Enter");
    const bubble = outboundBubble("See you soon!");
    await bubble.waitFor();
    assert.equal(await box.inputValue(), "");
    await bubble.getByRole("img", { name: "Read" }).waitFor({ timeout: TICKS_WAIT });
    // Sent, delivered and read came through the stream: the thread was not polled.
    const refetches = requests.slice(before).filter((r) => r.method === "GET" && r.path.endsWith("/messages"));
    assert.deepEqual(refetches, [], "the ticks moved without refetching the thread");
    assert.equal(await page.locator(".message--outbound", { hasText: "See you soon!" }).count(), 1, "the reply shows once");
    await screenshot("04-reply-read");
  });

  it("sends an image uploaded through the file input, with a caption", async () => {
    await page.locator('input[type="file"]').setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: PNG });
    await page.getByText("Ready to send").waitFor();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Your receipt");
    await page.getByRole("button", { name: "Send" }).click();
    const bubble = page.locator('.message--outbound[data-message-type="image"]').last();
    await bubble.getByText("Your receipt").first().waitFor();
    await bubble.getByRole("img", { name: /^(Sent|Delivered|Read)$/ }).waitFor({ timeout: TICKS_WAIT });
    await screenshot("05-image-sent");
  });

  it("assigns the conversation to me and resolves it", async () => {
    await page.getByRole("combobox", { name: "Assignee", exact: true }).selectOption({ label: "Me" });
    await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("resolved");
    const me = await call("GET", `${SERVER}/api/v1/me`, { token: adminToken });
    let conversation;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      conversation = await call("GET", `${SERVER}/api/v1/conversations/${conversationId}`, { token: adminToken });
      if (conversation.status === "resolved" && conversation.assignee_id != null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(conversation.status, "resolved");
    assert.equal(conversation.assignee_id, me.user.id);
    // The list shows open conversations: the stream takes the resolved one out of it.
    const list = page.getByRole("region", { name: "Conversation list" });
    await list.getByRole("link", { name: new RegExp(CUSTOMER.name) }).waitFor({ state: "detached", timeout: LIVE_WAIT });
    await screenshot("06-resolved");
  });

  it("settings: creates an API key, then revokes it", async () => {
    await page.goto(`${SERVER}/settings/api-keys`);
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("E2E integration");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    const secret = dialog.getByLabel("Key “E2E integration”");
    await secret.waitFor();
    assert.match(await secret.inputValue(), /^wm_/);
    await screenshot("07-api-key-created");
    await dialog.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Revoke E2E integration" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByRole("row", { name: /E2E integration/ }).getByText(/^Revoked /).waitFor();
    await screenshot("08-api-key-revoked");
  });

  it("with the window closed, syncs the templates, fills order_update and sends it", async () => {
    // The customer's last message is 26 hours old: the simulator's clock goes back while they write.
    const day = 26 * 3600;
    await call("POST", `${SIM}/_sim/clock`, { body: { advance_secs: -day } });
    try {
      await call("POST", `${SIM}/_sim/customers/${LAPSED_CUSTOMER.waId}/messages`, {
        body: { phone_number_id: PNID, profile_name: LAPSED_CUSTOMER.name, message: { type: "text", body: "Where is my parcel?" } },
      });
    } finally {
      await call("POST", `${SIM}/_sim/clock`, { body: { advance_secs: day } });
    }
    await page.goto(`${SERVER}/inbox`);
    const item = page.getByRole("link", { name: new RegExp(LAPSED_CUSTOMER.name) });
    await item.waitFor({ timeout: LIST_REFRESH_WAIT });
    await item.click();
    await page.getByText("The 24-hour window is closed: only templates can be sent.").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0);

    const picker = page.getByRole("region", { name: "Templates" });
    await picker.getByRole("button", { name: "Sync templates" }).click();
    await picker.getByRole("list", { name: "Approved templates" }).waitFor();
    await picker.getByRole("searchbox", { name: "Search templates" }).fill("order");
    await picker.getByRole("button", { name: /order_update/ }).click();
    const form = picker.getByRole("form", { name: "order_update en_US" });
    await form.getByLabel("Body {{1}}").fill("Marcus");
    await form.getByLabel("Body {{2}}").fill("A-1042");
    await form.getByRole("figure", { name: "Preview" }).getByText("Hi Marcus, your order A-1042 has shipped.").waitFor();
    await screenshot("09-template-filled");
    await form.getByRole("button", { name: "Send template" }).click();

    const bubble = page.locator('.message--outbound[data-message-type="template"]', { hasText: "order_update" }).last();
    await bubble.waitFor();
    await bubble.getByText("Marcus · A-1042").waitFor();
    await bubble.getByRole("img", { name: /^(Sent|Delivered|Read)$/ }).waitFor({ timeout: TICKS_WAIT });
    await screenshot("10-template-sent");
  });

  it("settings: the API-call log shows the template sync, with its response body", async () => {
    await page.goto(`${SERVER}/settings/technical-logs`);
    const section = page.getByRole("region", { name: "API calls" });
    const row = section.getByRole("row", { name: /message_templates/ }).first();
    await row.waitFor();
    await row.getByRole("button", { name: /^Bodies of call/ }).click();
    await section.locator("pre", { hasText: '"order_update"' }).first().waitFor();
    await screenshot("11-api-calls");
  });

  it("keyboard: / focuses the search, j and k move through the conversations, Esc closes panels and menus", async () => {
    await page.goto(`${SERVER}/inbox?status=all`);
    const list = page.getByRole("list", { name: "Conversations" });
    await list.getByRole("link").nth(1).waitFor();
    const names = await list.getByRole("link").evaluateAll((links) => links.map((link) => new URL(link.href).pathname));
    assert.equal(names.length, 2);

    await page.keyboard.press("/");
    const search = page.getByRole("searchbox", { name: "Search conversations" });
    assert.equal(await search.evaluate((element) => element === document.activeElement), true, "/ focuses the search");
    await search.evaluate((element) => element.blur());

    await page.keyboard.press("j");
    await page.waitForURL((url) => url.pathname === names[0]);
    await page.keyboard.press("j");
    await page.waitForURL((url) => url.pathname === names[1]);
    await page.keyboard.press("k");
    await page.waitForURL((url) => url.pathname === names[0]);
    // The list marks the open conversation.
    await page.waitForFunction((path) => {
      const current = document.querySelector('[aria-label="Conversations"] [aria-current="page"]');
      return current !== null && new URL(current.href).pathname === path;
    }, names[0]);

    const details = page.getByRole("button", { name: "Contact details", exact: true });
    await details.click();
    assert.equal(await details.getAttribute("aria-expanded"), "true");
    await page.getByRole("complementary", { name: "Contact details" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("complementary", { name: "Contact details" }).waitFor({ state: "detached" });
    assert.equal(await details.getAttribute("aria-expanded"), "false");

    await page.getByRole("button", { name: /^Account menu/ }).click();
    await page.getByRole("menu").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "detached" });
  });

  it("privacy: the admin restricts a contact and lifts it, exports their data, then erases them", async () => {
    await call("POST", `${SIM}/_sim/customers/${ERASED_CUSTOMER.waId}/messages`, {
      body: { phone_number_id: PNID, profile_name: ERASED_CUSTOMER.name, message: { type: "text", body: "Please delete my data." } },
    });
    await page.goto(`${SERVER}/inbox?status=all`);
    const list = page.getByRole("list", { name: "Conversations" });
    const item = list.getByRole("link", { name: new RegExp(ERASED_CUSTOMER.name) });
    await item.waitFor({ timeout: LIST_REFRESH_WAIT });
    await item.click();
    await page.getByRole("log", { name: "Messages" }).getByText("Please delete my data.").waitFor();
    const erasedConversationId = Number(new URL(page.url()).pathname.split("/").pop());
    const { contact } = await call("GET", `${SERVER}/api/v1/conversations/${erasedConversationId}`, { token: adminToken });

    await page.getByRole("button", { name: "Contact details", exact: true }).click();
    const panel = page.getByRole("complementary", { name: "Contact details" });
    await panel.getByText(ERASED_CUSTOMER.waId, { exact: true }).waitFor();
    const privacy = panel.getByRole("region", { name: "Privacy" });

    // Restrict: confirmed in a dialog, then the badge shows and agents no longer see them.
    await privacy.getByRole("button", { name: "Restrict processing" }).click();
    const restrictDialog = page.getByRole("alertdialog", { name: `Restrict processing of ${ERASED_CUSTOMER.name}?` });
    await restrictDialog.getByRole("button", { name: "Restrict processing" }).click();
    const badge = panel.getByText("Restricted", { exact: true });
    await badge.waitFor();
    assert.ok((await call("GET", `${SERVER}/api/v1/contacts/${contact.id}`, { token: adminToken })).restricted_at);
    await screenshot("14-contact-restricted");

    await privacy.getByRole("button", { name: "Lift restriction" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Lift restriction" }).click();
    await badge.waitFor({ state: "detached" });
    assert.equal((await call("GET", `${SERVER}/api/v1/contacts/${contact.id}`, { token: adminToken })).restricted_at ?? null, null);

    // Export: a JSON file about the person, fetched with the session's token and saved.
    const exportPath = `/api/v1/contacts/${contact.id}/export`;
    const expectExportDownload = async () => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        privacy.getByRole("button", { name: "Export data" }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `contact-${contact.id}-export.json`);
      const body = readFileSync(await download.path(), "utf8");
      JSON.parse(body);
      assert.ok(body.includes(`"${ERASED_CUSTOMER.waId}"`), "the export names the contact's wa_id");
      await privacy.getByText("Downloaded").waitFor();
      const request = requests.findLast((r) => r.path === exportPath);
      assert.match(request?.authorization ?? "", /^Bearer \S+$/, "the export authenticates with the header");
    };
    const served = await fetch(`${SERVER}${exportPath}`, { headers: { authorization: `Bearer ${adminToken}` } });
    await served.body?.cancel();
    if (served.status === 404) {
      // A server without the export endpoint yet: its refusal is shown in the panel, and the
      // browser's side of the download is checked with a stand-in document.
      console.log("  the server has no export endpoint (404): checking the error, then the download with a stand-in");
      await privacy.getByRole("button", { name: "Export data" }).click();
      await privacy.getByRole("alert").getByText(/^The export failed:/).waitFor();
      await page.route(`**${exportPath}`, (route) =>
        route.fulfill({
          contentType: "application/json",
          headers: { "content-disposition": `attachment; filename="contact-${contact.id}-export.json"` },
          body: JSON.stringify({ contact: { id: contact.id, wa_id: ERASED_CUSTOMER.waId } }),
        }),
      );
      try {
        await expectExportDownload();
      } finally {
        await page.unroute(`**${exportPath}`);
      }
    } else {
      await expectExportDownload();
    }

    // Erase: only once their number is typed; the conversation closes and leaves the list.
    await privacy.getByRole("button", { name: "Erase contact" }).click();
    const eraseDialog = page.getByRole("dialog", { name: `Erase ${ERASED_CUSTOMER.name}?` });
    const erase = eraseDialog.getByRole("button", { name: "Erase permanently" });
    assert.equal(await erase.isDisabled(), true, "nothing typed: erasing is not possible yet");
    await eraseDialog.getByRole("textbox", { name: /to confirm/ }).fill(ERASED_CUSTOMER.waId);
    await screenshot("15-erase-confirm");
    await erase.click();
    await page.getByRole("status", { name: `${ERASED_CUSTOMER.name} was erased` }).waitFor();
    await page.waitForURL((url) => url.pathname === "/inbox");
    await item.waitFor({ state: "detached" });
    assert.equal(await panel.count(), 0, "the contact panel closed with the conversation");
    await screenshot("16-contact-erased");
    const gone = await fetch(`${SERVER}/api/v1/conversations/${erasedConversationId}`, { headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(gone.status, 404);
    // A fresh list from the server agrees.
    await page.reload();
    await list.getByRole("link").first().waitFor();
    assert.equal(await item.count(), 0);
  });

  it("settings: keeps messages for 400 days, and the choice is still there after a reload", async () => {
    await page.goto(`${SERVER}/settings/retention`);
    const messages = page.getByRole("group", { name: "Messages" });
    await messages.getByRole("combobox", { name: "Keep for" }).selectOption("days");
    await messages.getByRole("textbox", { name: "Days" }).fill("400");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved").waitFor();
    await messages.getByText("In force: 400 days").waitFor();
    await messages.scrollIntoViewIfNeeded();
    await screenshot("17-retention-saved");

    await page.reload();
    await messages.getByRole("textbox", { name: "Days" }).waitFor();
    assert.equal(await messages.getByRole("combobox", { name: "Keep for" }).inputValue(), "days");
    assert.equal(await messages.getByRole("textbox", { name: "Days" }).inputValue(), "400");
    const saved = await call("GET", `${SERVER}/api/v1/organization/retention`, { token: adminToken });
    assert.equal(saved.settings.messages, 400);
    assert.equal(saved.effective.messages, 400);
  });

  it("settings: the access log shows a 404 of the admin's, then staff access is granted and revoked", async () => {
    // The SPA asks for a conversation that does not exist: the server answers 404.
    const missing = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/v1/conversations/999999");
    await page.goto(`${SERVER}/inbox/999999`);
    assert.equal((await missing).status(), 404);

    await page.goto(`${SERVER}/settings/technical-logs`);
    const log = page.getByRole("region", { name: "Access log" });
    const filters = log.getByRole("search", { name: "Filter the access log" });
    await filters.getByLabel("Status").fill("4xx");
    await filters.getByLabel("Path starts with").fill("/api/v1/conversations/");
    await filters.getByLabel("Made by").selectOption({ label: ADMIN.name });
    const row = log.getByRole("row", { name: /\/api\/v1\/conversations\/999999/ }).first();
    await row.waitFor();
    await row.getByText("404", { exact: true }).waitFor();
    await row.getByText(ADMIN.name).waitFor();
    assert.ok(requests.some((r) => r.path === "/api/v1/access-log" && r.search.includes("status=4xx")), "the filter reaches the server");
    // Only failures are listed.
    const statuses = await log.locator("tbody tr td:nth-child(5)").allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every((status) => /^4\d\d$/.test(status.trim())), statuses.join(", "));
    await log.scrollIntoViewIfNeeded();
    await screenshot("18-access-log-4xx");

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Staff access" }).click();
    const form = page.getByRole("form", { name: "Grant staff access" });
    await form.getByLabel("Hours").fill("2");
    await form.getByLabel("Reason").fill("E2E ticket #77: messages not arriving");
    await form.getByRole("button", { name: "Grant access" }).click();
    const grant = page.getByRole("row", { name: /E2E ticket #77/ });
    await grant.getByText("Active", { exact: true }).waitFor();
    await grant.getByText(ADMIN.name).waitFor();
    await grant.scrollIntoViewIfNeeded();
    await screenshot("19-staff-access-granted");

    await grant.getByRole("button", { name: /^Revoke access/ }).click();
    await page.getByRole("alertdialog", { name: "Revoke staff access?" }).getByRole("button", { name: "Revoke access" }).click();
    await grant.getByText("Revoked", { exact: true }).waitFor();
    assert.equal(await grant.getByRole("button", { name: /^Revoke/ }).count(), 0);
    await grant.scrollIntoViewIfNeeded();
    await screenshot("20-staff-access-revoked");
    const grants = await call("GET", `${SERVER}/api/v1/organization/access-grants`, { token: adminToken });
    assert.equal(grants.items[0].reason, "E2E ticket #77: messages not arriving");
    assert.equal(grants.items[0].active, false);
    assert.notEqual(grants.items[0].revoked_at, null);
  });

  it("phone (375×740): list and thread take turns, nothing scrolls sideways, the composer is in view", async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await context.storageState(),
    });
    phone.setDefaultTimeout(15_000);
    const mobile = await phone.newPage();
    const noSideways = async (what) => {
      const { scrollWidth, innerWidth } = await mobile.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(scrollWidth <= innerWidth, `${what}: page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
    };
    try {
      await mobile.goto(`${SERVER}/inbox?status=all`);
      const list = mobile.getByRole("list", { name: "Conversations" });
      const item = list.getByRole("link", { name: new RegExp(CUSTOMER.name) });
      await item.waitFor();
      await noSideways("list");
      await mobile.screenshot({ path: join(ARTIFACTS, "12-phone-list.png") });

      await item.click();
      const box = mobile.getByRole("textbox", { name: "Message" });
      await box.waitFor();
      assert.equal(await list.isVisible(), false, "the thread takes the whole screen");
      const rect = await box.boundingBox();
      assert.ok(rect && rect.y >= 0 && rect.y + rect.height <= 740 && rect.x >= 0 && rect.x + rect.width <= 375, `composer in view: ${JSON.stringify(rect)}`);
      await mobile.getByRole("log", { name: "Messages" }).getByText("Is my order ready for pickup?").waitFor();
      await noSideways("thread");
      await mobile.screenshot({ path: join(ARTIFACTS, "13-phone-thread.png") });

      await mobile.getByRole("link", { name: "Back to conversations" }).click();
      await item.waitFor();
      await noSideways("list again");
    } finally {
      await phone.close();
    }
  });

});
