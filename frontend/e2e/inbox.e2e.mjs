// End-to-end: the built SPA served by the real server, WhatsApp played by the simulator,
// driven in headless Chromium. Run by scripts/e2e.sh, which starts both and sets E2E_*.
// The scenarios run in order and share one signed-in browser page, like an agent's day.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
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
/** The conversation list is refreshed by polling (every 10 s) until live events exist. */
const LIST_REFRESH_WAIT = 30_000;
/** Status webhooks arrive within a few seconds; the open thread polls every 2 s meanwhile. */
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
let page;
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
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

  it("a simulated customer writes and the conversation appears in the list", async () => {
    await call("POST", `${SIM}/_sim/customers/${CUSTOMER.waId}/messages`, {
      body: {
        phone_number_id: PNID,
        profile_name: CUSTOMER.name,
        message: { type: "text", body: "Hi! Is my order ready for pickup?" },
      },
    });
    const item = page.getByRole("link", { name: new RegExp(CUSTOMER.name) });
    await item.waitFor({ timeout: LIST_REFRESH_WAIT });
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
    await box.press("Enter");
    const bubble = outboundBubble("See you soon!");
    await bubble.waitFor();
    assert.equal(await box.inputValue(), "");
    await bubble.getByRole("img", { name: "Read" }).waitFor({ timeout: TICKS_WAIT });
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
});
