"""The page of ``csrlint serve``: drop files, read the findings. Inline CSS and JS only.

The page posts the files to ``/api/check`` (the same JSON as ``check --format json``), then
shows the batch's view: the HTML report's filters, summary and sections, with downloads.
"""

from __future__ import annotations

from ..formatters.html import STYLE

EXTRA_STYLE = """
header.top{position:static}
#drop{margin:16px 24px;border:2px dashed #8c959f;border-radius:8px;background:#fff;padding:28px;text-align:center;
 color:#57606a;cursor:pointer}
#drop.over{border-color:#0969da;background:#ddf4ff}
#drop strong{color:#1f2328;font-size:16px}
#status{margin:0 24px;min-height:1.5em}
.previous{margin:0 24px 12px;color:#57606a}
#status.bad{color:#cf222e;font-weight:bold}
.downloads{margin:12px 0}
a.annotated{display:inline-block;margin:0 0 8px;font-weight:bold}
#results header.top{border-radius:6px;margin-bottom:12px}
"""

SCRIPT = """
const drop=document.getElementById('drop'),input=document.getElementById('files'),
      results=document.getElementById('results'),statusLine=document.getElementById('status');
function say(text,bad){statusLine.textContent=text;statusLine.classList.toggle('bad',!!bad);}
drop.addEventListener('click',()=>input.click());
drop.addEventListener('dragover',e=>{e.preventDefault();drop.classList.add('over');});
drop.addEventListener('dragleave',()=>drop.classList.remove('over'));
drop.addEventListener('drop',e=>{e.preventDefault();drop.classList.remove('over');send(e.dataTransfer.files);});
input.addEventListener('change',()=>{send(input.files);});
async function send(files){
  if(!files||!files.length)return;
  const form=new FormData();
  for(const file of files)form.append('file',file,file.name);
  const last=document.getElementById('previous').files[0];
  if(last)form.append('previous',last,last.name);
  say(`正在检查 ${files.length} 个文件…`);
  results.setAttribute('aria-busy','true');
  try{
    const response=await fetch('api/check',{method:'POST',body:form});
    if(!response.ok){
      const problem=await response.json().catch(()=>({error:response.statusText}));
      say(`无法检查：${problem.error}`,true);return;
    }
    const data=await response.json();
    const batch=response.headers.get('X-Csrlint-Batch');
    results.innerHTML=await (await fetch(`api/batches/${batch}/view`)).text();
    const total=data.files.reduce((n,f)=>n+f.findings.length,0);
    const unreadable=data.files.filter(f=>f.error).length;
    say(`已检查 ${data.files.length} 个文件，${total} 条发现`+(unreadable?`，${unreadable} 个无法检查`:''),unreadable>0);
    results.querySelectorAll('.filters input').forEach(b=>b.addEventListener('change',apply));
    apply();
  }catch(error){say(`请求失败：${error}`,true);}
  finally{results.removeAttribute('aria-busy');input.value='';}
}
function apply(){
  const on=new Set([...results.querySelectorAll('.filters input')].filter(b=>b.checked).map(b=>b.value));
  results.querySelectorAll('article.finding').forEach(a=>{
    a.classList.toggle('hidden',!(on.has(a.dataset.family)&&on.has(a.dataset.severity)));});
  results.querySelectorAll('section.report').forEach(s=>{
    const counter=s.querySelector('.shown');
    if(counter)counter.textContent=s.querySelectorAll('article.finding:not(.hidden)').length;});
}
"""

PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>csrlint · 社会责任报告检查</title><style>{STYLE}{EXTRA_STYLE}</style></head><body>
<header class="top"><h1>csrlint · 社会责任报告检查</h1>
<div>文件只在本机检查，不会上传到其他地方 / files are checked on this computer only</div></header>
<div id="drop" role="button" tabindex="0"><strong>把报告拖到这里，或点击选择文件</strong><br>
.docx · .pdf · .txt · .md，可一次多个 / drop one or many drafts</div>
<input id="files" type="file" name="file" multiple accept=".docx,.pdf,.txt,.md,.markdown" hidden>
<div class="previous"><label>上年报告（可选，逐份与之比较）/ last year's report (optional):
<input id="previous" type="file" name="previous" accept=".docx,.pdf,.txt,.md,.markdown"></label></div>
<div id="status" role="status"></div>
<main id="results"></main>
<script>{SCRIPT}</script></body></html>
"""
