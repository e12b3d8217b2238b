// pc-serve's page in headless Chromium, as a person uses it (tests/cmd/pc-serve-page.test):
// sign in through /?token=, type a title and a description, choose a photo, see the top
// classes with their names and the model version; then drop a photo on the drop zone; then
// a photo that is not a JPEG is refused in one line.  Writes what it saw as JSON to
// OUTDIR/page.json (the test compares it with the API) and a screenshot to OUTDIR/page.png.
//
// usage: node pc-serve-page.js URL TOKEN PHOTO OUTDIR
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const path = require("path");

const [url, token, photo, outdir] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    // playwright gives the browser a fresh temporary profile of its own
  });
  const seen = { requests: [], console: [] };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("request", (r) => seen.requests.push(r.url()));
    page.on("console", (m) => seen.console.push(m.type() + ": " + m.text()));
    page.on("pageerror", (e) => seen.console.push("pageerror: " + e.message));

    await page.goto(url + "/?token=" + encodeURIComponent(token));
    seen.address = page.url();
    await page.waitForFunction(() => /^model v\d+/.test(document.getElementById("model").textContent),
                               null, { timeout: 20000 });
    seen.model = await page.textContent("#model");

    // type, choose a photo: the page classifies as soon as the photo is read
    await page.fill("#designation", "Piscine tubulaire ronde 3,66 m");
    await page.fill("#description", "<p>Livrée avec <b>pompe</b> et bâche</p>");
    await page.setInputFiles("#photo", photo);
    await page.waitForSelector("#results li[data-class]", { timeout: 20000 });
    seen.chosen = await page.$$eval("#results li", (lis) => lis.map((li) => ({
      class: li.getAttribute("data-class"), prob: Number(li.getAttribute("data-prob")),
      name: li.querySelector(".name").firstChild.textContent,
      shown: li.querySelector(".prob").textContent })));
    seen.answered = await page.textContent("#answered");
    seen.version = await page.getAttribute("#answered", "data-version");
    await page.screenshot({ path: path.join(outdir, "page.png"), fullPage: true });

    // drop the same photo, with another title: the answer changes to the new one
    await page.click("#clear");
    await page.fill("#designation", "Lot de 3 romans policiers");
    await page.fill("#description", "");
    const b64 = fs.readFileSync(photo).toString("base64");
    await page.evaluate((data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "dropped.jpg", { type: "image/jpeg" }));
      const zone = document.getElementById("drop");
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, b64);
    await page.waitForFunction(() => document.getElementById("droptext").textContent === "dropped.jpg",
                               null, { timeout: 20000 });
    await page.waitForFunction((first) => {
      const li = document.querySelector("#results li[data-class]");
      return li && li.getAttribute("data-prob") !== String(first);
    }, seen.chosen[0].prob, { timeout: 20000 });
    seen.dropped = await page.$$eval("#results li", (lis) => lis.map((li) => ({
      class: li.getAttribute("data-class"), prob: Number(li.getAttribute("data-prob")) })));

    // a file that is not a JPEG photo: refused by the server in one line, shown as such
    await page.click("#clear");
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "fake.jpg",
                            { type: "image/jpeg" }));
      document.getElementById("drop").dispatchEvent(
        new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById("error").textContent.length > 0,
                               null, { timeout: 20000 });
    seen.error = await page.textContent("#error");
  } finally {
    fs.writeFileSync(path.join(outdir, "page.json"), JSON.stringify(seen, null, 1));
    await browser.close();
  }
})().catch((e) => {
  console.error("page test: " + e.message);
  process.exit(1);
});
