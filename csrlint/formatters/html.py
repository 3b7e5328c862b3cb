"""``--format html``: one self-contained page for reviewers who would rather look than read.

Per report: the profile's chapter tree marked present / missing / misplaced, and each finding
beside the lines of text it points at, the exact span marked (from the finding's column).
Checkboxes filter by family and severity and the summary counts follow them; the summary
columns sort on a click (a few lines of inline JS); on a phone the columns stack. There are
no external assets, so the file can be mailed or archived as it is. Everything that came
from a file is escaped (HTML, and control or undecodable characters shown as ``\x1b``).
"""

from __future__ import annotations

from html import escape as escape_html
from pathlib import Path

from ..checks import families as check_families
from ..document import place_name
from ..findings import Severity
from . import facts_text, location, place_location
from .summary import SEVERITY_ORDER, row
from .text import clean, display_path


def escape(text, quote: bool = True) -> str:
    """HTML-escaped, with controls and undecodable bytes shown as escapes."""
    return escape_html(clean(text), quote=quote)


#: Lines of text shown around the line a finding points at.
CONTEXT = 2  # lines either side of a finding (engine.CONTEXT_LINES keeps as many)
#: Longest stretch of one line shown (reports exported from PDF can have 3000-character lines).
WINDOW = 160

STATUS = {  # status → (symbol, Chinese label)
    "present": ("✓", "已有"),
    "misplaced": ("↷", "位置不对"),
    "missing": ("✗", "缺少"),
    "optional": ("○", "可选，未写"),
}

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
 margin:0;color:#1f2328;background:#f6f8fa;font-size:14px;line-height:1.5}
header.top{background:#24292f;color:#fff;padding:12px 24px;position:sticky;top:0;z-index:2}
header.top h1{font-size:18px;margin:0 0 6px}
.filters label{margin-right:14px;white-space:nowrap;cursor:pointer}
.filters .group{display:inline-block;margin-right:24px}
main{padding:16px 24px}
table.summary{border-collapse:collapse;background:#fff;margin-bottom:20px}
table.summary th,table.summary td{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
table.summary td:first-child,table.summary th:first-child{text-align:left}
section.report{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin-bottom:24px;padding:12px 16px}
section.report h2{font-size:16px;margin:0 0 4px;word-break:break-all}
.meta{color:#57606a;margin-bottom:10px}
.cols{display:flex;gap:20px;align-items:flex-start}
nav.tree{flex:0 0 300px;border-right:1px solid #d0d7de;padding-right:12px}
nav.tree h3,.findings h3{font-size:14px;margin:4px 0}
nav.tree ul{list-style:none;padding:0;margin:0}
nav.tree li{padding:1px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.st{display:inline-block;width:1.4em;text-align:center;font-weight:bold}
.present .st{color:#1a7f37}.misplaced .st{color:#bc4c00}.missing .st{color:#cf222e}
.optional{color:#8c959f}.missing{color:#cf222e}
.where{color:#57606a;font-size:12px}
.findings{flex:1;min-width:0}
article.finding{border-left:4px solid #8c959f;padding:4px 10px;margin:0 0 12px;background:#fafbfc}
article.error{border-color:#cf222e}article.warning{border-color:#d4a72c}article.info{border-color:#0969da}
.code{font-family:monospace;font-weight:bold;margin-right:6px}
.error .code{color:#cf222e}.warning .code{color:#9a6700}.info .code{color:#0969da}
.family{font-size:12px;color:#57606a;border:1px solid #d0d7de;border-radius:10px;padding:0 6px;margin-right:6px}
pre.text{background:#fff;border:1px solid #d0d7de;margin:6px 0;padding:4px 0;white-space:pre-wrap;
 word-break:break-all;font-family:inherit;font-size:13px}
pre.text span.l{display:block;padding:0 8px}
pre.text span.n{display:inline-block;width:4em;color:#8c959f;user-select:none}
pre.text span.hit{background:#fff8c5}
mark{background:#ffd33d;padding:0 1px}
.suggestion{color:#1a7f37}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.clean{color:#1a7f37}
.problem{color:#cf222e;font-weight:bold}
.hidden{display:none}
table.summary th{cursor:pointer;user-select:none}
table.summary th.asc::after{content:" ▲"}table.summary th.desc::after{content:" ▼"}
table.summary tr.total td{font-weight:bold;background:#f6f8fa}
@media (max-width:720px){
 header.top{position:static;padding:8px 12px}main{padding:8px}
 .cols{flex-direction:column;gap:8px}
 nav.tree{flex:none;width:100%;border-right:0;border-bottom:1px solid #d0d7de;padding:0 0 8px}
 nav.tree li{white-space:normal}
 table.summary{display:block;overflow-x:auto;max-width:100%}
 section.report{padding:8px}
}
"""

SCRIPT = """
const boxes=[...document.querySelectorAll('.filters input')];
// A link can pre-set the filters: report.html#off=info,structure
const off=(location.hash.match(/off=([^&]*)/)||[,''])[1].split(',');
boxes.forEach(b=>{if(off.includes(b.value))b.checked=false;});
function apply(){
  const on=new Set(boxes.filter(b=>b.checked).map(b=>b.value));
  document.querySelectorAll('article.finding').forEach(a=>{
    a.classList.toggle('hidden',!(on.has(a.dataset.family)&&on.has(a.dataset.severity)));});
  const sums={};let total=0;
  document.querySelectorAll('section.report').forEach(s=>{
    const shown=[...s.querySelectorAll('article.finding:not(.hidden)')];
    const counter=s.querySelector('.shown');if(counter)counter.textContent=shown.length;
    total+=shown.length;
    const counts={};
    shown.forEach(a=>{for(const k of ['family:'+a.dataset.family,'severity:'+a.dataset.severity])
      counts[k]=(counts[k]||0)+1;});
    const tr=document.querySelector('tr[data-report="'+s.id+'"]');
    if(tr)tr.querySelectorAll('td[data-count]').forEach(td=>{const n=counts[td.dataset.count]||0;
      td.textContent=n||'';sums[td.dataset.count]=(sums[td.dataset.count]||0)+n;});
  });
  document.querySelectorAll('tr.total td[data-count]').forEach(td=>{td.textContent=sums[td.dataset.count]||0;});
  const t=document.getElementById('total-findings');if(t)t.textContent=total;
}
boxes.forEach(b=>b.addEventListener('change',apply));apply();
// Click a summary column to sort by it (again: the other way round).
document.querySelectorAll('table.summary thead th').forEach((th,col)=>th.addEventListener('click',()=>{
  const body=th.closest('table').tBodies[0];const desc=th.classList.contains('asc');
  th.parentNode.querySelectorAll('th').forEach(h=>h.classList.remove('asc','desc'));
  th.classList.add(desc?'desc':'asc');
  const key=r=>{const c=r.cells[Math.min(col,r.cells.length-1)];const v=(c.dataset.sort??c.textContent).trim();
    const n=parseFloat(v.replace('%',''));return isNaN(n)?(v===''?0:v):n;};
  const rows=[...body.rows].sort((a,b)=>{const x=key(a),y=key(b);
    const c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');
    return desc?-c:c;});
  rows.forEach(r=>body.appendChild(r));}));
"""


def render(results, stream, color: bool = False, **_) -> None:
    families = [*check_families(), *sorted({f.family for r in results for f in r.findings} - set(check_families()))]
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>csrlint 检查结果（{len(results)} 份报告）</title><style>{STYLE}</style></head><body>",
        _header(results, families),
        "<main>",
        _summary(results, families),
    ]
    parts.extend(_report(index, result) for index, result in enumerate(results))
    parts.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    stream.write("".join(parts))


def _header(results, families) -> str:
    total = sum(len(result.findings) for result in results)
    boxes = "".join(
        f'<label><input type="checkbox" value="{escape(family)}" checked> {escape(family)}</label>'
        for family in families
    )
    levels = "".join(
        f'<label><input type="checkbox" value="{level}" checked> {Severity(level).label} {level}</label>'
        for level in SEVERITY_ORDER
    )
    return (
        f'<header class="top"><h1>csrlint 检查结果 · {len(results)} 份报告 · '
        f'<span id="total-findings">{total}</span> 条发现</h1>'
        f'<div class="filters"><span class="group">类别：{boxes}</span>'
        f'<span class="group">级别：{levels}</span></div></header>'
    )


#: Sort rank of the worst severity, so that a click on 最严重 puts the worst first.
WORST_RANK = {"unreadable": 4, "error": 3, "warning": 2, "info": 1, "clean": 0}


def _summary(results, families) -> str:
    head = "".join(
        f'<th title="点击排序 / click to sort">{escape(name)}</th>'
        for name in ("报告 / report", "结构 / profile", "覆盖率", *families, "错误", "警告", "提示", "最严重")
    )
    rows = []
    for index, result in enumerate(results):
        data = row(result)
        link = f'<a href="#report-{index}">{escape(display_path(result.path))}</a>'
        if result.error:
            rows.append(
                f'<tr data-report="report-{index}"><td>{link}</td><td>—</td><td data-sort="-1">—</td>'
                + "<td></td>" * (len(families) + 3)
                + f'<td class="problem" data-sort="{WORST_RANK["unreadable"]}" title="{escape(result.error)}">'
                f"无法检查：{escape(result.error)}</td></tr>"
            )
            continue
        counts = "".join(
            f'<td data-count="family:{escape(family)}">{data.get(family, 0) or ""}</td>' for family in families
        )
        severities = "".join(f'<td data-count="severity:{level}">{data[level] or ""}</td>' for level in SEVERITY_ORDER)
        rows.append(
            f'<tr data-report="report-{index}"><td>{link}</td><td>{escape(result.profile or "")}</td>'
            f"<td>{result.coverage:.0%}</td>{counts}{severities}"
            f'<td data-sort="{WORST_RANK[data["worst"]]}">{escape(data["worst"])}</td></tr>'
        )
    sums = "".join(f'<td data-count="family:{escape(family)}"></td>' for family in families) + "".join(
        f'<td data-count="severity:{level}"></td>' for level in SEVERITY_ORDER
    )
    total = f'<tfoot><tr class="total"><td>合计 {len(results)} 份</td><td></td><td></td>{sums}<td></td></tr></tfoot>'
    return f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>{total}</table>'


def _report(index: int, result) -> str:
    title = f'<section class="report" id="report-{index}"><h2>{escape(display_path(result.path))}</h2>'
    if result.error:
        return f'{title}<p class="problem">无法检查 / cannot check：{escape(result.error)}</p></section>'
    facts = escape(facts_text(result.facts))
    hidden = []
    if result.suppressed:
        hidden.append(f"{result.suppressed} 条被注释屏蔽")
    if result.baselined:
        hidden.append(f"{result.baselined} 条已在基线中")
    meta = (
        f'<div class="meta">指南结构：{escape(result.profile_title or result.profile or "—")}'
        f"（{escape(result.profile or '')}）· 覆盖率 {result.coverage:.0%}{facts}"
        f"{' · ' + '，'.join(hidden) if hidden else ''}</div>"
    )
    text = result.context
    findings = (
        "".join(_finding(index, result, finding, text) for finding in result.findings)
        or '<p class="clean">未发现问题 / no findings</p>'
    )
    return (
        f'{title}{meta}<div class="cols">{_tree(result)}<div class="findings">'
        f'<h3>发现 / findings（显示 <span class="shown">{len(result.findings)}</span> / '
        f"{len(result.findings)}）</h3>{findings}</div></div></section>"
    )


def _tree(result) -> str:
    items = []
    for chapter in result.chapters:
        if chapter["line"] is not None:
            status = "misplaced" if chapter["misplaced"] else "present"
        else:
            status = "missing" if chapter["required"] else "optional"
        symbol, label = STATUS[status]
        place = place_name(chapter["line"], result.location_unit)
        where = f'<span class="where"> {place}</span>' if chapter["line"] else ""
        found_as = chapter["heading"] if chapter["heading"] and chapter["heading"] != chapter["chapter"] else ""
        tip = escape(f"{label}：{found_as or chapter['chapter']}", quote=True)
        items.append(
            f'<li class="{status}" style="padding-left:{chapter["depth"] * 1.2}em" title="{tip}">'
            f'<span class="st">{symbol}</span>{escape(chapter["chapter"])}{where}</li>'
        )
    legend = " ".join(
        f'<span class="{status}"><span class="st">{symbol}</span>{label}</span>'
        for status, (symbol, label) in STATUS.items()
    )
    return f'<nav class="tree"><h3>章节 / chapters</h3><div class="where">{legend}</div><ul>{"".join(items)}</ul></nav>'


def _finding(index: int, result, finding, text: dict[int, str]) -> str:
    severity = finding.severity.value
    body = [
        f'<span class="code">{escape(finding.code)}</span><span class="family">{escape(finding.family)}</span>'
        f'<span class="where">{escape(location(result, finding))}</span> {escape(finding.message)}'
    ]
    context = _context(finding, text)
    if context:
        body.append(context)
    elif finding.excerpt:
        body.append(f'<pre class="text"><span class="l"><mark>{escape(finding.excerpt)}</mark></span></pre>')
    for place in finding.related:
        where = f"{place_location(result, place)}：" if place.line else ""
        if place.path:  # another document (last year's report): the two texts side by side
            body.append(
                f'<div class="pair"><div><div class="where">本报告</div><pre class="text">'
                f'{escape(finding.excerpt)}</pre></div><div><div class="where">{escape(Path(place.path).name)}'
                f' {where}</div><pre class="text">{escape(place.excerpt)}</pre></div></div>'
            )
            continue
        body.append(f'<div class="where">↔ {where}「{escape(place.excerpt)}」</div>')
    if finding.suggestion:
        body.append(f'<div class="suggestion">建议：{escape(finding.suggestion)}</div>')
    return (
        f'<article class="finding {severity}" data-family="{escape(finding.family)}" '
        f'data-severity="{severity}">{"".join(body)}</article>'
    )


def _context(finding, text: dict[int, str]) -> str:
    if finding.line is None or finding.line not in text:
        return ""
    numbers = sorted(text)
    position = numbers.index(finding.line)
    shown = [
        n for n in numbers[max(0, position - CONTEXT) : position + CONTEXT + 1] if text[n].strip() or n == finding.line
    ]
    lines = []
    for number in shown:
        content = _highlight(text[number], finding) if number == finding.line else escape(_cut(text[number]))
        css = "l hit" if number == finding.line else "l"
        lines.append(f'<span class="{css}"><span class="n">{number}</span>{content}</span>')
    return f'<pre class="text">{"".join(lines)}</pre>'


def _highlight(line: str, finding) -> str:
    """The pointed line with the exact span marked (from the finding's column: the ``**`` of
    ``完成**亿元``), else the excerpt, cut to a window around it."""
    start, length = -1, 0
    if finding.column and 0 < finding.column <= len(line):
        start = finding.column - 1
        starts_here = finding.excerpt and line.startswith(finding.excerpt, start)
        length = len(finding.excerpt) if starts_here else span_length(line, start)
    elif finding.excerpt and finding.excerpt in line:
        start, length = line.find(finding.excerpt), len(finding.excerpt)
    if start < 0:
        return escape(_cut(line))
    left = max(0, start - WINDOW // 3)
    right = max(start + length, left + WINDOW)
    before, marked, after = line[left:start], line[start : start + length], line[start + length : right]
    return (
        ("…" if left else "")
        + escape(before)
        + f"<mark>{escape(marked)}</mark>"
        + escape(after)
        + ("…" if right < len(line) else "")
    )


#: Longest span marked from a column when the text gives no end.
LONGEST_SPAN = 12
BRACKETS = {"（": "）", "(": ")", "【": "】", "「": "」", "『": "』", "《": "》", "“": "”", "[": "]", "〔": "〕"}


def span_length(line: str, start: int) -> int:
    """How much of ``line`` from ``start`` a finding points at: a bracketed note to its closing
    bracket (``（请财务补充修改）``), a run of one kind of character (``**``, ``XX``, ``____``,
    ``，，``, a number), or a phrase up to the next punctuation."""
    char = line[start]
    if char in BRACKETS:
        close = line.find(BRACKETS[char], start + 1, start + 4 * LONGEST_SPAN)
        return close - start + 1 if close > 0 else 1
    kind = _kind(char)
    end = start + 1
    if kind == "mark":  # ``**``, ``____``, ``，，``, ``□□``: a run of that one character
        while end < len(line) and line[end] == char:
            end += 1
        return end - start
    while end < len(line) and _kind(line[end]) == kind and (kind != "text" or end - start < LONGEST_SPAN):
        end += 1
    return end - start


def _kind(char: str) -> str:
    if char.isdigit() or char in "XxＸｘ":
        return "digit"
    if char.isascii() and char.isalpha():
        return "word"
    if char.isalpha():
        return "text"
    return "space" if char.isspace() else "mark"


def _cut(line: str) -> str:
    return line[:WINDOW] + ("…" if len(line) > WINDOW else "")
