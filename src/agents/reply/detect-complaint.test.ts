import { describe, expect, it } from "vitest";
import { detectComplaint, type ComplaintKind } from "./detect-complaint";

const cases: Array<[string, ComplaintKind]> = [
  ["The bags arrived torn open and coffee is everywhere. I want a refund now!", "refund"],
  ["Give me my money back.", "refund"],
  ["My parcel never arrived.", "damaged"],
  ["This is absolutely ridiculous, worst service ever", "angry"],
  ["I'm filing a chargeback and talking to my lawyer", "escalation"],
  ["Let me speak to a manager", "escalation"],
  ["WHERE IS MY ORDER, I PAID WEEKS AGO!", "shouting"],
  ["Quiero un reembolso, las bolsas llegaron rotas", "refund"],
  ["Es una vergüenza, pésimo servicio", "angry"],
  ["Je veux être remboursé", "refund"],
  ["C'est inadmissible !", "angry"],
  ["Le colis est arrivé abîmé", "damaged"],
  ["Ich will mein Geld zurück", "refund"],
  ["Die Tüte war kaputt", "damaged"],
  ["Das ist eine Frechheit, ich schalte meinen Anwalt ein", "angry"],
  ["Quero meu dinheiro de volta", "refund"],
  ["O pacote chegou rasgado", "damaged"],
  ["Vou reclamar no Procon", "escalation"],
];

const calm = [
  "Hi! How much is the Pro plan per month?",
  "Do you ship to Canada?",
  "What is your refund policy for unopened bags?",
  "Can I return an unopened bag?",
  "Love the new house blend, great stuff!",
  "Hola, ¿hacen envíos a México?",
  "Combien coûte le plan Team ?",
  "Liefert ihr nach Österreich?",
  "Vocês entregam no Brasil?",
  "Sue from the office recommended you",
  "",
];

describe("detectComplaint", () => {
  it.each(cases)("flags %j as %s", (text, kind) => {
    const signal = detectComplaint(text);
    expect(signal.complaint).toBe(true);
    expect(signal.cues).toContain(kind);
  });

  it.each(calm)("leaves %j alone", (text) => {
    expect(detectComplaint(text)).toEqual({ complaint: false, cues: [] });
  });

  it("never throws on odd input", () => {
    expect(detectComplaint(undefined as unknown as string)).toEqual({ complaint: false, cues: [] });
    expect(detectComplaint("\u0000\uD800 broken!!!".repeat(10_000)).complaint).toBe(true);
  });
});
