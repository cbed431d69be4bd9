"""`make audit`: Lighthouse scores and slow-3G weight of the portal's main pages.

Not a test: it prints a table and writes audit/report.json (with Lighthouse's full reports
beside it). Lighthouse (npm, pinned in tools/lighthouse/) runs against Debian's
Chromium with mobile emulation; the slow-3G numbers come from Chromium's own network
emulation (DevTools' "Slow 3G": 2 s round trip, 400 kbit/s), cache disabled, like a first
visit on a prepaid phone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.site_server import CHROMIUM, REPO, running_portal  # noqa: E402

TOOLS = REPO / "tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
OUT = REPO / "audit"
PAGES = [
    ("home", "/en/"),
    ("centre-list", "/en/centres/"),
    ("alert", "/en/alerts/internet-scams/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
]
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}


# First contentful paint, waiting for it if the browser has not painted yet.
FCP_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entry = list.getEntriesByName('first-contentful-paint')[0];
    if (entry) resolve(entry.startTime);
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 10000);
})"""


def install_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=TOOLS,
            check=True,
        )


def lighthouse(url: str, name: str) -> dict[str, int | None]:
    """Category scores out of 100; None for a run that failed twice (the error is printed)."""
    report_path = OUT / f"lighthouse-{name}.json"
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={report_path}", "--quiet",
        f"--chrome-path={CHROMIUM}", f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
    ]  # fmt: skip
    for _ in range(2):  # Chromium now and then fails to start under load: try once more
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode == 0:
            report = json.loads(report_path.read_text())
            return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    print(f"Lighthouse failed on {url}:\n{run.stderr[-2000:]}", file=sys.stderr)
    return dict.fromkeys(CATEGORIES)


def lost_points(name: str) -> list[str]:
    """The weighted audits that did not pass, with their first finding: why a score is low."""
    report_path = OUT / f"lighthouse-{name}.json"
    if not report_path.exists():
        return []
    report = json.loads(report_path.read_text())
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 0.9:
                items = (audit.get("details") or {}).get("items") or [{}]
                first = items[0]
                detail = first.get("description") or first.get("url") or ""
                lost.append(f"{category}: {ref['id']} ({audit['score']:.2f}) {detail}"[:160])
    return lost


def slow_3g(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    received: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(url, wait_until="load", timeout=120_000)
    fcp = page.evaluate(FCP_JS)
    requests = len(received)
    context.close()
    return {
        "transfer_bytes": int(sum(received.values())),
        "requests": requests,
        "fcp_ms": round(fcp or 0),
    }


def _score(score: int | None, target: int) -> str:
    if score is None:
        return f"{'failed':>13} !!"
    return f"{score:>13}{'' if score >= target else ' !!':<3}"


def main() -> int:
    if shutil.which("npm") is None:
        print("make audit needs npm (Debian: npm)")
        return 1
    install_lighthouse()
    OUT.mkdir(exist_ok=True)
    results = []
    with running_portal() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        for name, path in PAGES:
            results.append(
                {
                    "page": name,
                    "path": path,
                    "lighthouse": lighthouse(base + path, name),
                    "slow_3g": slow_3g(browser, base + path),
                    "lost_points": lost_points(name),
                }
            )
        browser.close()

    report = {"targets": TARGETS, "network": {"slow_3g": SLOW_3G}, "pages": results}
    (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    header = f"{'page':<13}" + "".join(f"{c:>16}" for c in CATEGORIES)
    print(f"\n{header}{'slow 3G KiB':>13}{'FCP ms':>9}")
    for row in results:
        scores = "".join(_score(row["lighthouse"][c], TARGETS[c]) for c in CATEGORIES)
        weight = row["slow_3g"]["transfer_bytes"] / 1024
        print(f"{row['page']:<13}{scores}{weight:>13.1f}{row['slow_3g']['fcp_ms']:>9}")
    for row in results:
        for line in row["lost_points"]:
            print(f"  {row['page']}: {line}")
    print(f"\n(!! = under target {TARGETS}); full reports in {OUT.relative_to(REPO)}/")
    print(
        "Map tiles come from MAP_TILE_URL; where there is no network they fail to load and\n"
        "Lighthouse counts the browser's errors against best practices."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
