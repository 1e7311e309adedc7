#include "reports/html_assets.h"

namespace sandcheck::reports {

const std::string_view kReportCss = R"css(
:root {
  --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --page: #f4f6fa; --card: #ffffff;
  --pass: #1b7f3b; --pass-bg: #e3f4e8; --fail: #b42318; --fail-bg: #fde8e6;
  --error: #9a3412; --error-bg: #fdebd3; --skip: #6b5900; --skip-bg: #fbf3cc;
  --na: #475467; --na-bg: #eaecf0; --accent: #2f4bb8;
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
       "DejaVu Sans", sans-serif; color: var(--ink); background: var(--page); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo,
                   Consolas, monospace; font-size: 0.9em; }
a { color: var(--accent); }
.page-header { background: #18213a; color: #f5f7fb; padding: 28px 40px 22px; }
.page-header .brand { font-size: 13px; letter-spacing: .12em; text-transform: uppercase;
                      color: #aab4d4; }
.page-header h1 { margin: 4px 0 12px; font-size: 26px; font-weight: 650; }
.page-header .meta { margin: 10px 0 0; color: #c9d0e6; font-size: 14px; }
.page-header .meta code { color: #fff; }
.gate { display: inline-flex; align-items: center; gap: 10px; margin: 0; padding: 8px 14px;
        border-radius: 8px; font-weight: 650; }
.gate-pass { background: var(--pass-bg); color: var(--pass); }
.gate-fail { background: var(--fail-bg); color: var(--fail); }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 40px;
          display: flex; flex-wrap: wrap; gap: 6px 20px; font-size: 14px; position: sticky;
          top: 0; z-index: 2; }
nav.toc a { text-decoration: none; }
main { padding: 24px 40px 40px; max-width: 1280px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
          padding: 20px 24px; margin: 0 0 22px; }
h2 { font-size: 20px; margin: 0 0 14px; }
h3 { font-size: 16px; margin: 22px 0 10px; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
     margin: 14px 0 4px; }
.lead { color: var(--muted); margin: -6px 0 14px; }
.counts { list-style: none; display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px;
          margin: 0; padding: 0; }
.count { border-radius: 10px; padding: 12px 16px; border: 1px solid var(--line); }
.count .n { display: block; font-size: 30px; font-weight: 700; line-height: 1.1; }
.count .label { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; }
.count.total { background: #f8f9fc; }
.v-pass { background: var(--pass-bg); color: var(--pass); }
.v-fail { background: var(--fail-bg); color: var(--fail); }
.v-error { background: var(--error-bg); color: var(--error); }
.v-skip { background: var(--skip-bg); color: var(--skip); }
.v-not-applicable { background: var(--na-bg); color: var(--na); }
.badge { display: inline-block; min-width: 48px; text-align: center; padding: 1px 8px;
         border-radius: 999px; font-size: 12px; font-weight: 700; letter-spacing: .04em;
         text-transform: uppercase; white-space: nowrap; }
.badge.v-pass::before { content: "\2713\00a0"; }
.badge.v-fail::before { content: "\2717\00a0"; }
.badge.v-error::before { content: "!\00a0"; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
thead th { background: #f1f3f8; font-size: 12px; text-transform: uppercase;
           letter-spacing: .05em; color: var(--muted); }
tbody th { font-weight: 600; }
tbody th div { font-weight: 400; }
thead th a { text-transform: none; letter-spacing: 0; font-size: 13px; }
caption { text-align: left; caption-side: top; }
.environment th { width: 14rem; }
.tally { display: inline-flex; gap: 6px; margin-left: 10px; vertical-align: middle; }
.tally .badge { font-size: 12px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.matrix td { min-width: 120px; }
.cell { border-radius: 6px; padding: 6px 8px; font-size: 13px; }
.cell .state { display: block; font-weight: 700; text-transform: uppercase; font-size: 11px;
               letter-spacing: .06em; }
.cell-held { background: var(--pass-bg); color: var(--pass); }
.cell-broken { background: var(--fail-bg); color: var(--fail); }
.cell-unverified { background: var(--skip-bg); color: var(--skip); }
.cell-na { background: var(--na-bg); color: var(--na); }
.cell-none { color: #98a2b3; }
.differs { font-size: 11px; font-weight: 700; color: var(--fail); text-transform: uppercase;
           margin-left: 6px; }
details.check { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0;
                background: #fff; }
details.check > summary { cursor: pointer; padding: 9px 12px; display: flex; gap: 10px;
                          align-items: baseline; list-style-position: outside; }
details.check > summary::-webkit-details-marker { color: var(--muted); }
details.check[open] > summary { border-bottom: 1px solid var(--line); background: #fafbfd; }
details.check .body { padding: 4px 16px 14px; }
.check-id { font-weight: 700; white-space: nowrap; }
.must { flex: 1; }
.severity { font-size: 12px; color: var(--muted); white-space: nowrap; }
.found { margin: 10px 0 0; }
pre { background: #0f1524; color: #e6e9f2; padding: 12px 14px; border-radius: 8px;
      overflow: auto; max-height: 420px; margin: 4px 0 0; white-space: pre-wrap;
      word-break: break-word; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 0 0 18px; }
.toolbar button { font: inherit; font-size: 13px; padding: 6px 12px; border-radius: 6px;
                  border: 1px solid var(--line); background: #fff; color: var(--ink);
                  cursor: pointer; }
.toolbar button[aria-pressed="true"] { background: var(--accent); color: #fff;
                                       border-color: var(--accent); }
body.problems-only details.check.verdict-pass,
body.problems-only details.check.verdict-not-applicable { display: none; }
.empty { color: var(--muted); font-style: italic; }
.chart { width: 100%; height: auto; max-width: 1100px; }
.chart .bar-p99 { fill: #c7d2fe; } .chart .bar-p90 { fill: #818cf8; }
.chart .bar-p50 { fill: #3730a3; }
.chart text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
.chart .tick, .chart .legend { fill: var(--muted); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .series-name { font-weight: 600; }
footer { color: var(--muted); font-size: 13px; padding: 0 40px 30px; }
@media (max-width: 900px) { .counts { grid-template-columns: repeat(3, 1fr); }
  main, .page-header, nav.toc, footer { padding-left: 16px; padding-right: 16px; } }
@media print { nav.toc, .toolbar { display: none; } details.check { break-inside: avoid; } }
)css";

const std::string_view kReportScript = R"js(
(function () {
  "use strict";
  var checks = Array.prototype.slice.call(document.querySelectorAll("details.check"));
  var toolbar = document.createElement("div");
  toolbar.className = "toolbar";
  toolbar.id = "toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Report view");
  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    toolbar.appendChild(element);
    return element;
  }
  var problemsOnly = button("Problems only", function () {
    var on = document.body.classList.toggle("problems-only");
    problemsOnly.setAttribute("aria-pressed", on ? "true" : "false");
  });
  problemsOnly.setAttribute("aria-pressed", "false");
  button("Expand all", function () { checks.forEach(function (d) { d.open = true; }); });
  button("Collapse all", function () { checks.forEach(function (d) { d.open = false; }); });
  var main = document.querySelector("main");
  main.insertBefore(toolbar, main.firstChild);
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.documentElement.setAttribute("data-script", "ready");
})();
)js";

}  // namespace sandcheck::reports
