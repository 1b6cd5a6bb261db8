import { describe, expect, it } from "vitest";
import catalogue from "../i18n/catalogue.json";
import { kindEnum } from "./enums";

describe("kindEnum", () => {
  it("spells labels as the API's EntityKind values", () => {
    expect(kindEnum("Park")).toBe("PARK");
    expect(kindEnum("TalentTeam")).toBe("TALENT_TEAM");
    expect(kindEnum("ServiceStage")).toBe("SERVICE_STAGE");
  });

  it("gives every kind of the catalogue a distinct value", () => {
    const labels = Object.keys(catalogue.kinds);
    expect(new Set(labels.map(kindEnum)).size).toBe(labels.length);
  });
});
