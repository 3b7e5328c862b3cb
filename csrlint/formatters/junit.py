"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One testsuite per report; one passing testcase per rule that found nothing, and one testcase
per finding, failing for errors and warnings (``info`` findings pass, with their message in
``system-out``). Test-case names are unique within a suite (GitLab keeps only the first of a
name), and the XML is valid against the Jenkins xUnit JUnit XSD (``tests/data/junit-10.xsd``):
no ``file`` attribute on a testcase, and a report that cannot be read is a failing testcase
of type ``InputError`` (that XSD has no ``<error>`` element in a testcase).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import Severity
from . import root_relative, rule_catalogue
from .text import clean

#: Characters XML 1.0 cannot hold (form feeds and other controls from PDF extraction).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(results, stream, color: bool = False, **_) -> None:
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
    name = _clean(root_relative(result.path) or result.path)
    suite = ET.Element("testsuite", name=name)
    failures = 0
    if result.error:
        case = ET.SubElement(suite, "testcase", classname=name, name="读取 / read")
        ET.SubElement(case, "failure", message=_clean(result.error), type="InputError").text = _clean(result.error)
        failures = 1
    else:
        found = {finding.code for finding in result.findings}
        for rule in rules:
            if rule.code not in found:
                ET.SubElement(suite, "testcase", classname=name, name=f"{rule.code} {rule.name}")
        taken: set[str] = set()
        for finding in result.findings:
            failures += _finding_case(suite, name, finding, taken)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def _finding_case(suite: ET.Element, name: str, finding, taken: set[str]) -> int:
    """Adds the testcase of one finding; returns 1 when it is a failure."""
    where = f"{name}:{finding.line}" if finding.line else name
    label = _clean(f"{finding.code} {finding.rule}" + (f" (line {finding.line})" if finding.line else " (file)"))
    unique, number = label, 1
    while unique in taken:  # two findings of one rule on one line: "#2", "#3"
        number += 1
        unique = f"{label} #{number}"
    taken.add(unique)
    case = ET.SubElement(suite, "testcase", classname=name, name=unique)
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
    """Escaped like every output (controls, undecodable bytes), and nothing XML 1.0 cannot hold."""
    return NOT_XML.sub(" ", clean(text))
