import { describe, expect, it } from "vitest";
import { clearAllDrafts, clearDraft, loadDraft, saveDraft } from "./drafts";

describe("drafts", () => {
  it("keeps one draft per conversation across reloads", () => {
    saveDraft(1, "Hello Carla");
    saveDraft(2, "Hi Bob");
    expect(loadDraft(1)).toBe("Hello Carla");
    expect(loadDraft(2)).toBe("Hi Bob");
    expect(loadDraft(3)).toBe("");
  });

  it("forgets blank drafts and cleared ones", () => {
    saveDraft(1, "Hello");
    saveDraft(1, "   ");
    expect(localStorage.length).toBe(0);
    saveDraft(2, "Hi");
    clearDraft(2);
    expect(loadDraft(2)).toBe("");
  });

  it("clears every draft (logout) but nothing else", () => {
    localStorage.setItem("unrelated", "keep");
    saveDraft(1, "a");
    saveDraft(2, "b");
    clearAllDrafts();
    expect(loadDraft(1)).toBe("");
    expect(loadDraft(2)).toBe("");
    expect(localStorage.getItem("unrelated")).toBe("keep");
  });
});
