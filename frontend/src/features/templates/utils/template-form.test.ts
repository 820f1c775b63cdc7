import { describe, expect, it } from "vitest";
import { toApiError } from "@/lib/api-client";
import { aTemplate, templateComponents } from "@/testing/fixtures";
import { buildTemplatePayload, templateFields, templateMessage, templateSendErrors, validateTemplateValues } from "./template-form";

/** Header text, body, footer and three buttons, one of them a URL ending in {{1}}. */
const shipping = aTemplate({
  name: "shipping_notice",
  components: templateComponents([
    { type: "HEADER", format: "TEXT", text: "Order {{1}}" },
    { type: "BODY", text: "Hi {{1}}, your order {{2}} ships {{3}}." },
    { type: "FOOTER", text: "Reply STOP to opt out" },
    {
      type: "BUTTONS",
      buttons: [
        { type: "QUICK_REPLY", text: "Cancel" },
        { type: "URL", text: "Track", url: "https://shop.example/track/{{1}}" },
        { type: "PHONE_NUMBER", text: "Call", phone_number: "+15550000000" },
      ],
    },
  ]),
  parameters: {
    header: { format: "TEXT", placeholders: ["1"] },
    body: { placeholders: ["1", "2", "3"] },
    buttons: [
      { index: 0, type: "QUICK_REPLY", placeholders: [] },
      { index: 1, type: "URL", placeholders: ["1"] },
      { index: 2, type: "PHONE_NUMBER", placeholders: [] },
    ],
  },
});

const named = aTemplate({
  name: "welcome_named",
  language: "pt_BR",
  parameter_format: "NAMED",
  components: templateComponents([
    { type: "HEADER", format: "TEXT", text: "Olá {{first_name}}" },
    { type: "BODY", text: "{{first_name}}, seu pedido {{order_id}} chegou." },
  ]),
  parameters: { header: { format: "TEXT", placeholders: ["first_name"] }, body: { placeholders: ["first_name", "order_id"] }, buttons: [] },
});

const withImage = aTemplate({
  name: "new_menu",
  components: templateComponents([{ type: "HEADER", format: "IMAGE" }, { type: "BODY", text: "Our new menu is here." }]),
  parameters: { header: { format: "IMAGE", placeholders: [] }, body: { placeholders: [] }, buttons: [] },
});

describe("template fields", () => {
  it("one labelled field per placeholder: header, body in order, and the URL button's ending", () => {
    expect(templateFields(shipping).map(({ key, component, label, hint, type }) => ({ key, component, label, hint, type }))).toEqual([
      { key: "header.1", component: "header", label: "Header {{1}}", hint: null, type: "text" },
      { key: "body.1", component: "body", label: "Body {{1}}", hint: null, type: "text" },
      { key: "body.2", component: "body", label: "Body {{2}}", hint: null, type: "text" },
      { key: "body.3", component: "body", label: "Body {{3}}", hint: null, type: "text" },
      {
        key: "button 1.1",
        component: "button 1",
        label: "Button “Track” link ending",
        hint: "Completes https://shop.example/track/{{1}}",
        type: "text",
      },
    ]);
  });

  it("named placeholders keep their names; a media header asks for a link", () => {
    expect(templateFields(named).map((field) => field.label)).toEqual(["Header {{first_name}}", "Body {{first_name}}", "Body {{order_id}}"]);
    expect(templateFields(withImage)).toEqual([
      expect.objectContaining({ key: "header.link", component: "header", label: "Header image link", type: "url", placeholder: null }),
    ]);
  });

  it("every field is required, and a link must be a web address", () => {
    expect(validateTemplateValues(templateFields(withImage), { "header.link": "menu.png" })).toEqual({
      "header.link": "Enter a link starting with https://.",
    });
    expect(validateTemplateValues(templateFields(withImage), { "header.link": "https://cdn.example/menu.png" })).toEqual({});
    expect(validateTemplateValues(templateFields(named), { "header.first_name": "Ana", "body.first_name": "  " })).toEqual({
      "body.first_name": "Required.",
      "body.order_id": "Required.",
    });
  });
});

describe("template request", () => {
  it("positional: parameters in placeholder order; the URL button with its index; quick replies left out", () => {
    const values = { "header.1": "A-17", "body.1": "Carla", "body.2": "A-17", "body.3": " tomorrow ", "button 1.1": "A-17" };
    expect(templateMessage(shipping, values)).toEqual({
      type: "template",
      template: {
        name: "shipping_notice",
        language: { code: "en_US" },
        components: [
          { type: "header", parameters: [{ type: "text", text: "A-17" }] },
          {
            type: "body",
            parameters: [
              { type: "text", text: "Carla" },
              { type: "text", text: "A-17" },
              { type: "text", text: "tomorrow" },
            ],
          },
          { type: "button", sub_type: "url", index: "1", parameters: [{ type: "text", text: "A-17" }] },
        ],
      },
    });
  });

  it("named: every text parameter carries its parameter_name", () => {
    const values = { "header.first_name": "Ana", "body.first_name": "Ana", "body.order_id": "B-2" };
    expect(buildTemplatePayload(named, values)).toEqual({
      name: "welcome_named",
      language: { code: "pt_BR" },
      components: [
        { type: "header", parameters: [{ type: "text", text: "Ana", parameter_name: "first_name" }] },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Ana", parameter_name: "first_name" },
            { type: "text", text: "B-2", parameter_name: "order_id" },
          ],
        },
      ],
    });
  });

  it("a media header is sent as a link of its kind; a template without placeholders sends no components", () => {
    expect(buildTemplatePayload(withImage, { "header.link": "https://cdn.example/menu.png" }).components).toEqual([
      { type: "header", parameters: [{ type: "image", image: { link: "https://cdn.example/menu.png" } }] },
    ]);
    const video = aTemplate({ parameters: { header: { format: "VIDEO", placeholders: [] }, body: { placeholders: [] }, buttons: [] } });
    expect(buildTemplatePayload(video, { "header.link": "https://cdn.example/a.mp4" }).components).toEqual([
      { type: "header", parameters: [{ type: "video", video: { link: "https://cdn.example/a.mp4" } }] },
    ]);
    const hello = aTemplate({ name: "hello_world", parameters: { header: { format: "TEXT", placeholders: [] }, body: { placeholders: [] }, buttons: [] } });
    expect(buildTemplatePayload(hello, {})).toEqual({ name: "hello_world", language: { code: "en_US" }, components: [] });
  });
});

describe("refused template sends", () => {
  it("field errors go to the part of the template they name; the rest is general", () => {
    const refusal = toApiError(new Response(null, { status: 422 }), {
      type: "/problems/template_parameters_invalid",
      title: "Unprocessable",
      status: 422,
      code: "template_parameters_invalid",
      errors: [
        { field: "template.components[body].parameters", message: "expected 3 parameter(s) for {{1}}, {{2}}, {{3}}, got 2" },
        { field: "template.components[button 1].parameters", message: "this URL button needs one `text` parameter" },
        { field: "template.components[body].parameters", message: "missing {{3}}" },
        { field: "template.name", message: "no template with this name and language" },
      ],
    });
    expect(templateSendErrors(refusal)).toEqual({
      byComponent: {
        body: "expected 3 parameter(s) for {{1}}, {{2}}, {{3}}, got 2; missing {{3}}",
        "button 1": "this URL button needs one `text` parameter",
      },
      general: ["no template with this name and language"],
    });
    expect(templateSendErrors(new TypeError("offline"))).toEqual({ byComponent: {}, general: [] });
  });
});
