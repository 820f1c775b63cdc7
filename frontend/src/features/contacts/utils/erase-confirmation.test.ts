import { describe, expect, it } from "vitest";
import { confirmsErasure } from "./erase-confirmation";

const carla = { display_name: "Carla Customer", phone_number: "+31 6 1234 5678", wa_id: "31612345678" };

describe("confirmsErasure", () => {
  it("accepts the name as shown, in any case, or the number however it is written", () => {
    expect(confirmsErasure(carla, "Carla Customer")).toBe(true);
    expect(confirmsErasure(carla, "  carla customer ")).toBe(true);
    expect(confirmsErasure(carla, "31612345678")).toBe(true);
    expect(confirmsErasure(carla, "+31 6 1234-5678")).toBe(true);
  });

  it("refuses anything else", () => {
    expect(confirmsErasure(carla, "")).toBe(false);
    expect(confirmsErasure(carla, "Carla")).toBe(false);
    expect(confirmsErasure(carla, "3161234567")).toBe(false);
    expect(confirmsErasure(carla, "Carla 31612345678")).toBe(false);
    expect(confirmsErasure({ display_name: "US.1349", phone_number: null, wa_id: null }, "1349")).toBe(false);
  });
});
