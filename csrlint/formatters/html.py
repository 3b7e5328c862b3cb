"""``--format html``: one self-contained page for reviewers who would rather look than read.

Per report: the profile's chapter tree marked present / missing / misplaced, and each finding
beside the lines of text it points at. Checkboxes filter by family and severity (a few lines
of inline JS); there are no external assets, so the file can be mailed or archived as it is.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..findings import FAMILIES, Severity
from . import facts_text, location
from .summary import SEVERITY_ORDER, row

#: Lines of text shown around the line a finding points at.
CONTEXT = 2
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
.clean{color:#1a7f37}
.problem{color:#cf222e;font-weight:bold}
.hidden{display:none}
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
  document.querySelectorAll('section.report').forEach(s=>{
    const shown=s.querySelectorAll('article.finding:not(.hidden)').length;
    const counter=s.querySelector('.shown');if(counter)counter.textContent=shown;});
}
boxes.forEach(b=>b.addEventListener('change',apply));apply();
"""


def render(results, stream, color: bool = False, **_) -> None:
    families = [*FAMILIES, *sorted({f.family for r in results for f in r.findings} - set(FAMILIES))]
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>csrlint 检查结果（{len(results)} 份报告）</title><style>{STYLE}</style></head><body>",
             _header(results, families), "<main>", _summary(results, families)]
    parts.extend(_report(index, result) for index, result in enumerate(results))
    parts.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    stream.write("".join(parts))


def _header(results, families) -> str:
    total = sum(len(result.findings) for result in results)
    boxes = "".join(f'<label><input type="checkbox" value="{escape(family)}" checked> {escape(family)}</label>'
                    for family in families)
    levels = "".join(f'<label><input type="checkbox" value="{level}" checked> {Severity(level).label} {level}</label>'
                     for level in SEVERITY_ORDER)
    return (f'<header class="top"><h1>csrlint 检查结果 · {len(results)} 份报告 · {total} 条发现</h1>'
            f'<div class="filters"><span class="group">类别：{boxes}</span>'
            f'<span class="group">级别：{levels}</span></div></header>')


def _summary(results, families) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in
                   ("报告 / report", "结构 / profile", "覆盖率", *families, "错误", "警告", "提示", "最严重"))
    rows = []
    for index, result in enumerate(results):
        data = row(result)
        link = f'<a href="#report-{index}">{escape(result.path)}</a>'
        if result.error:
            rows.append(f'<tr><td>{link}</td><td colspan="{len(families) + 6}" class="problem">'
                        f"无法检查：{escape(result.error)}</td></tr>")
            continue
        counts = "".join(f"<td>{data.get(family, 0) or ''}</td>" for family in families)
        severities = "".join(f"<td>{data[level] or ''}</td>" for level in SEVERITY_ORDER)
        rows.append(f"<tr><td>{link}</td><td>{escape(result.profile or '')}</td><td>{result.coverage:.0%}</td>"
                    f"{counts}{severities}<td>{escape(data['worst'])}</td></tr>")
    return f'<table class="summary"><tr>{head}</tr>{"".join(rows)}</table>'


def _report(index: int, result) -> str:
    title = f'<section class="report" id="report-{index}"><h2>{escape(result.path)}</h2>'
    if result.error:
        return f'{title}<p class="problem">无法检查 / cannot check：{escape(result.error)}</p></section>'
    facts = escape(facts_text(result.facts))
    hidden = []
    if result.suppressed:
        hidden.append(f"{result.suppressed} 条被注释屏蔽")
    if result.baselined:
        hidden.append(f"{result.baselined} 条已在基线中")
    meta = (f'<div class="meta">指南结构：{escape(result.profile_title or result.profile or "—")}'
            f'（{escape(result.profile or "")}）· 覆盖率 {result.coverage:.0%}{facts}'
            f'{" · " + "，".join(hidden) if hidden else ""}</div>')
    text = _lines(result.path)
    findings = "".join(_finding(index, result, finding, text) for finding in result.findings) \
        or '<p class="clean">未发现问题 / no findings</p>'
    return (f'{title}{meta}<div class="cols">{_tree(result)}<div class="findings">'
            f'<h3>发现 / findings（显示 <span class="shown">{len(result.findings)}</span> / '
            f'{len(result.findings)}）</h3>{findings}</div></div></section>')


def _tree(result) -> str:
    items = []
    for chapter in result.chapters:
        if chapter["line"] is not None:
            status = "misplaced" if chapter["misplaced"] else "present"
        else:
            status = "missing" if chapter["required"] else "optional"
        symbol, label = STATUS[status]
        where = f'<span class="where"> 第 {chapter["line"]} 行</span>' if chapter["line"] else ""
        found_as = chapter["heading"] if chapter["heading"] and chapter["heading"] != chapter["chapter"] else ""
        tip = escape(f"{label}：{found_as or chapter['chapter']}", quote=True)
        items.append(f'<li class="{status}" style="padding-left:{chapter["depth"] * 1.2}em" title="{tip}">'
                     f'<span class="st">{symbol}</span>{escape(chapter["chapter"])}{where}</li>')
    legend = " ".join(f'<span class="{status}"><span class="st">{symbol}</span>{label}</span>'
                      for status, (symbol, label) in STATUS.items())
    return f'<nav class="tree"><h3>章节 / chapters</h3><div class="where">{legend}</div><ul>{"".join(items)}</ul></nav>'


def _finding(index: int, result, finding, text: dict[int, str]) -> str:
    severity = finding.severity.value
    body = [f'<span class="code">{escape(finding.code)}</span><span class="family">{escape(finding.family)}</span>'
            f'<span class="where">{escape(location(result, finding))}</span> {escape(finding.message)}']
    context = _context(finding, text)
    if context:
        body.append(context)
    elif finding.excerpt:
        body.append(f'<pre class="text"><span class="l"><mark>{escape(finding.excerpt)}</mark></span></pre>')
    for place in finding.related:
        where = f"第 {place.line} 行：" if place.line else ""
        body.append(f'<div class="where">↔ {where}「{escape(place.excerpt)}」</div>')
    if finding.suggestion:
        body.append(f'<div class="suggestion">建议：{escape(finding.suggestion)}</div>')
    return (f'<article class="finding {severity}" data-family="{escape(finding.family)}" '
            f'data-severity="{severity}">{"".join(body)}</article>')


def _lines(path: str) -> dict[int, str]:
    """The report's lines by number, read again (only this format needs the text itself)."""
    from .. import readers
    from ..document import InputError

    try:
        document = readers.read(Path(path))
    except (InputError, OSError):
        return {}
    return {line.number: line.text for line in document.lines}


def _context(finding, text: dict[int, str]) -> str:
    if finding.line is None or finding.line not in text:
        return ""
    numbers = sorted(text)
    position = numbers.index(finding.line)
    shown = [n for n in numbers[max(0, position - CONTEXT):position + CONTEXT + 1] if text[n].strip()
             or n == finding.line]
    lines = []
    for number in shown:
        content = _highlight(text[number], finding) if number == finding.line else escape(_cut(text[number]))
        css = "l hit" if number == finding.line else "l"
        lines.append(f'<span class="{css}"><span class="n">{number}</span>{content}</span>')
    return f'<pre class="text">{"".join(lines)}</pre>'


def _highlight(line: str, finding) -> str:
    """The pointed line with the excerpt (or the column) marked, cut to a window around it."""
    start = line.find(finding.excerpt) if finding.excerpt else -1
    length = len(finding.excerpt) if start >= 0 else 0
    if start < 0 and finding.column:
        start, length = finding.column - 1, 1
    if start < 0:
        return escape(_cut(line))
    left = max(0, start - WINDOW // 3)
    right = max(start + length, left + WINDOW)
    before, marked, after = line[left:start], line[start:start + length], line[start + length:right]
    return (("…" if left else "") + escape(before) + f"<mark>{escape(marked)}</mark>" + escape(after)
            + ("…" if right < len(line) else ""))


def _cut(line: str) -> str:
    return line[:WINDOW] + ("…" if len(line) > WINDOW else "")
