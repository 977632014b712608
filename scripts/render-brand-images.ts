/**
 * `npm run brand:images`: renders public/icon.svg into the PNG app icons and draws the social
 * preview image (public/og-image.png), with the same headless Chromium the browser tests use.
 * Run it after changing the mark; the PNGs are committed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const publicDir = path.resolve(import.meta.dirname, "..", "public");
const icon = readFileSync(path.join(publicDir, "icon.svg"), "utf8");

const ICONS: ReadonlyArray<[file: string, size: number]> = [
  ["apple-touch-icon.png", 180],
  ["icon-192.png", 192],
  ["icon-512.png", 512],
];

const ogHtml = `<!doctype html><html><body style="margin:0;width:1200px;height:630px;display:flex;flex-direction:column;justify-content:center;padding:0 96px;box-sizing:border-box;background:linear-gradient(135deg,#eef6ff,#ffffff 60%);font-family:'DejaVu Sans',Arial,sans-serif;color:#0f172a">
  <div style="display:flex;align-items:center;gap:24px"><div style="width:96px;height:96px">${icon}</div><div style="font-size:64px;font-weight:700;letter-spacing:-1px">Leadline</div></div>
  <div style="margin-top:40px;font-size:44px;font-weight:600;line-height:1.25;max-width:960px">The AI inbox for social-media leads</div>
  <div style="margin-top:20px;font-size:28px;color:#334155;max-width:960px">Every message classified, scored and answered from your knowledge base, with a person in the loop.</div>
</body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  for (const [file, size] of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><div style="width:${size}px;height:${size}px">${icon.replace("<svg ", `<svg width="${size}" height="${size}" `)}</div></body></html>`);
    await page.screenshot({ path: path.join(publicDir, file), omitBackground: true });
    console.log(`public/${file} (${size}x${size})`);
  }
  await page.setViewportSize({ width: 1200, height: 630 });
  await page.setContent(ogHtml.replace("<svg ", '<svg width="96" height="96" '));
  await page.screenshot({ path: path.join(publicDir, "og-image.png") });
  console.log("public/og-image.png (1200x630)");
} finally {
  await browser.close();
}
