import { describe, expect, it } from "vitest";
import { mapDmPage, mapMentionPage, xPageSchema } from "./x-map-events";

const ACCOUNT = "2244994945";

describe("mapping X pages", () => {
  it("maps a documented mentions page with the author's followers and verified flag", () => {
    // Shape of docs.x.com/x-api/posts/timelines/quickstart/user-mention-quickstart (seen 2026-11-30), plus public_metrics on the user.
    const page = xPageSchema.parse({
      data: [
        { id: "1301573587187331074", text: "Hey @XDevelopers, love the new API!", author_id: "1234567890", created_at: "2024-01-15T10:30:00.000Z", conversation_id: "1301573587187331000" },
        { id: "1301573587187331070", text: "@XDevelopers self note", author_id: ACCOUNT, created_at: "2024-01-15T10:29:00.000Z" },
        { id: "1301573587187331060", text: "no author field" },
      ],
      includes: { users: [{ id: "1234567890", username: "developer", name: "Dev Person", verified: false, public_metrics: { followers_count: 1523, following_count: 3 } }] },
      meta: { newest_id: "1301573587187331074", oldest_id: "1301573587187331060", result_count: 3, next_token: "t3buvdr5pujq9g7bggsnf3ep2ha28" },
    });
    const mapped = mapMentionPage(page, ACCOUNT);
    expect(mapped.nextToken).toBe("t3buvdr5pujq9g7bggsnf3ep2ha28");
    expect(mapped.items.map((i) => i.id)).toEqual(["1301573587187331074", "1301573587187331070", "1301573587187331060"]);
    expect(mapped.items[0]?.event).toEqual({
      platform: "X", channelExternalId: ACCOUNT, platformMessageId: "1301573587187331074", threadId: "1301573587187331000", kind: "MENTION",
      sender: { platformUserId: "1234567890", displayName: "Dev Person", handle: "developer", followers: 1523, verified: false },
      text: "Hey @XDevelopers, love the new API!", sentAt: new Date("2024-01-15T10:30:00.000Z"),
    });
    // Our own post and an unreadable one are passed over (the cursor still moves past them).
    expect(mapped.items[1]?.event).toBeNull();
    expect(mapped.items[2]?.event).toBeNull();
  });

  it("keeps only the customer's MessageCreate DM events", () => {
    const page = xPageSchema.parse({
      data: [
        { id: "1582838223199186947", event_type: "MessageCreate", text: "Hi!", sender_id: "906948460078698496", created_at: "2022-10-19T20:58:00.000Z", dm_conversation_id: `${ACCOUNT}-906948460078698496` },
        { id: "1582838223199186946", event_type: "MessageCreate", text: "our reply", sender_id: ACCOUNT, created_at: "2022-10-19T20:57:00.000Z", dm_conversation_id: `${ACCOUNT}-906948460078698496` },
        { id: "1582838223199186945", event_type: "ParticipantsJoin", created_at: "2022-10-19T20:56:00.000Z", dm_conversation_id: "1582838223199186940" },
      ],
      meta: { result_count: 3 },
    });
    const mapped = mapDmPage(page, ACCOUNT);
    expect(mapped.items.map((i) => i.event?.kind ?? null)).toEqual(["DM", null, null]);
    expect(mapped.items[0]?.event).toMatchObject({ threadId: `${ACCOUNT}-906948460078698496`, sender: { platformUserId: "906948460078698496" }, text: "Hi!" });
    expect(mapped.nextToken).toBeUndefined();
  });

  it("rejects a page whose ids are not X ids", () => {
    expect(xPageSchema.safeParse({ data: [{ id: "abc" }] }).success).toBe(false);
    expect(xPageSchema.parse({ meta: { result_count: 0 } })).toEqual({ meta: { result_count: 0 } });
  });
});
