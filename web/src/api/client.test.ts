import { describe, expect, it } from "vitest";
import { ApiError, GraphQLClient, type RequestTiming } from "./client";

const keys = { get: () => "k" };
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("GraphQLClient.request", () => {
  it("fills in when it sent, received the whole body and parsed it, in that order", async () => {
    const client = new GraphQLClient("", keys, () => Promise.resolve(json({ data: { a: 1 } })));
    const timing: RequestTiming = {};
    expect(await client.request<{ a: number }>("{ a }", {}, timing)).toEqual({ a: 1 });
    expect(timing.sent).toBeTypeOf("number");
    expect(timing.received).toBeGreaterThanOrEqual(timing.sent ?? Infinity);
    expect(timing.parsed).toBeGreaterThanOrEqual(timing.received ?? Infinity);
  });

  it("still raises the API's error with its code when timed", async () => {
    const client = new GraphQLClient("", keys, () => Promise.resolve(
      json({ errors: [{ message: "no entity", extensions: { code: "NOT_FOUND" } }] })));
    const error = await client.request("{ a }", {}, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("NOT_FOUND");
  });
});
