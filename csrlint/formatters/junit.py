"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One testsuite per report; one passing testcase per rule that found nothing, and one testcase
per finding, failing for errors and warnings (``info`` findings pass, with their message in
``system-out``). A report that cannot be read is a testcase with an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import Severity
from . import relative_path, rule_catalogue

#: Characters XML 1.0 cannot hold (form feeds and other controls from PDF extraction).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(results, stream, color: bool = False) -> None:
    rules = rule_catalogue(results)
    root = ET.Element("testsuites", name="csrlint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = _suite(result, rules)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _suite(result, rules) -> ET.Element:
    name = relative_path(result.path) or result.path
    suite = ET.Element("testsuite", name=_clean(name))
    failures = errors = 0
    if result.error:
        case = ET.SubElement(suite, "testcase", classname=_clean(name), name="读取 / read")
        ET.SubElement(case, "error", message=_clean(result.error), type="InputError").text = _clean(result.error)
        errors = 1
    else:
        found = {finding.code for finding in result.findings}
        for rule in rules:
            if rule.code not in found:
                ET.SubElement(suite, "testcase", classname=_clean(name), name=f"{rule.code} {rule.name}")
        for finding in result.findings:
            failures += _finding_case(suite, name, finding)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite


def _finding_case(suite: ET.Element, name: str, finding) -> int:
    """Adds the testcase of one finding; returns 1 when it is a failure."""
    where = f"{name}:{finding.line}" if finding.line else name
    label = f"{finding.code} {finding.rule}" + (f" (line {finding.line})" if finding.line else "")
    case = ET.SubElement(suite, "testcase", classname=_clean(name), name=_clean(label), file=_clean(name))
    details = [f"{where}: {finding.code} [{finding.severity.value}] {finding.message}"]
    if finding.excerpt:
        details.append(f"「{finding.excerpt}」")
    if finding.suggestion:
        details.append(f"建议：{finding.suggestion}")
    text = _clean("\n".join(details))
    if finding.severity is Severity.INFO:
        ET.SubElement(case, "system-out").text = text
        return 0
    ET.SubElement(case, "failure", message=_clean(finding.message), type=finding.code).text = text
    return 1


def _clean(text: str) -> str:
    return NOT_XML.sub(" ", text)
