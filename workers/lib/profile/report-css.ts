/** Stylesheet of the profile report: muted neutrals, one accent per status, system sans-serif fonts. */

/** The report's whole stylesheet (no url() references, so nothing is fetched). */
export const REPORT_CSS = `
:root{--bg:#f4f6f8;--card:#fff;--ink:#1f2933;--muted:#69778a;--line:#e2e7ed;--pass:#2f855a;--pass-bg:#e7f5ec;
--warn:#b7791f;--warn-bg:#fdf4e3;--fail:#c53030;--fail-bg:#fdecec}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px}
header{display:flex;justify-content:space-between;align-items:center;gap:16px;margin-bottom:16px}
h1{font-size:22px;margin:0 0 4px;font-weight:650;letter-spacing:-.01em}
h2{font-size:15px;margin:0 0 10px;font-weight:650}
.meta{margin:0;color:var(--muted)} .meta b{color:var(--ink);font-weight:600}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;padding:1px 5px;border-radius:4px}
.gate{padding:10px 18px;border-radius:10px;font-weight:700;font-size:16px;text-align:right;white-space:nowrap}
.gate small{display:block;font-weight:500;font-size:12px;opacity:.85}
.gate.pass{background:var(--pass-bg);color:var(--pass);border:1px solid #b7dfc5}
.gate.fail{background:var(--fail-bg);color:var(--fail);border:1px solid #f3b9b9}
.tiles{display:grid;grid-template-columns:repeat(9,1fr);gap:10px;margin-bottom:16px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.tile b{display:block;font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}
.tile span{color:var(--muted);font-size:12px}
.tile.warn b{color:var(--warn)} .tile.bad b{color:var(--fail)}
.tile i{font-style:normal} .tile i.p{color:var(--pass)} .tile i.w{color:var(--warn)} .tile i.f{color:var(--fail)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin-bottom:16px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:16px} .two .card{margin-bottom:16px}
.note{color:var(--muted);margin:-4px 0 10px;font-size:13px}
.empty{color:var(--muted);margin:0}
.count{display:inline-block;min-width:22px;padding:0 7px;border-radius:10px;background:#eef1f4;color:var(--muted);font-size:12px;text-align:center;margin-left:4px}
table.asr{width:100%;border-collapse:collapse;font-size:13px}
.asr th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;border-bottom:1px solid var(--line);padding:6px 8px}
.asr td{padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
.asr tr:last-child td{border-bottom:0}
.asr tr.fail td{background:#fffafa} .asr tr.warn td{background:#fffdf8}
.asr .check{color:var(--muted);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.asr .ids{color:var(--muted);font-size:12px;margin-top:3px;word-break:break-all}
.asr .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap} .asr .c{white-space:nowrap}
.badge{display:inline-block;min-width:46px;text-align:center;padding:2px 8px;border-radius:999px;font-size:11px;font-weight:700;letter-spacing:.03em}
.badge.pass{background:var(--pass-bg);color:var(--pass)} .badge.warn{background:var(--warn-bg);color:var(--warn)} .badge.fail{background:var(--fail-bg);color:var(--fail)}
.blk{color:var(--ink);font-weight:600;font-size:12px} .muted{color:var(--muted);font-size:12px}
.legend{display:flex;gap:14px;flex-wrap:wrap;margin:-2px 0 8px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.hists{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.hist{border:1px solid var(--line);border-radius:8px;padding:6px 6px 2px}
svg{display:block;font-family:inherit}
svg .axis{stroke:#9aa5b1;stroke-width:1} svg .grid{stroke:#edf0f3;stroke-width:1}
svg .plot{fill:#fbfcfd;stroke:var(--line)}
svg .tick{fill:var(--muted);font-size:10px} svg .cap{fill:var(--ink);font-size:11px}
svg .lbl{fill:var(--ink);font-size:12px;font-weight:600} svg .num{fill:var(--ink);font-size:12px;font-weight:600}
svg .seg{fill:#fff;font-size:11px;font-weight:600}
.gallery{display:flex;flex-wrap:wrap;gap:12px}
.group{border:1px solid var(--line);border-radius:8px;padding:8px;background:#fafbfc}
.gh{font-size:12px;color:var(--muted);margin-bottom:6px}
.figs{display:flex;gap:8px;align-items:flex-start}
figure{margin:0;width:120px}
figure img,figure .ph{width:120px;height:120px;object-fit:contain;border-radius:6px;background:#e9edf1;display:block}
figure .ph{display:flex;align-items:center;justify-content:center;color:#9aa5b1;font-weight:700;font-size:20px}
figcaption{font-size:11px;margin-top:3px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
figure small{display:block;color:var(--muted);font-size:10.5px;line-height:1.3}
.more{align-self:center;color:var(--muted);font-size:12px}
table.counts{width:100%;border-collapse:collapse;font-size:13px;margin-top:14px;font-variant-numeric:tabular-nums}
.counts th{color:var(--muted);font-weight:600;font-size:12px;text-align:left;border-bottom:1px solid var(--line);padding:5px 8px}
.counts td{padding:5px 8px;border-bottom:1px solid var(--line)} .counts .n{text-align:right}
.counts tr.sum td{border-bottom:0;color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin:8px 0 24px}
@media (max-width:900px){.tiles{grid-template-columns:repeat(3,1fr)}.two{grid-template-columns:1fr}.hists{grid-template-columns:repeat(2,1fr)}}
`;
