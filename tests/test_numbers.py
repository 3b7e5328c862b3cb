"""Quantity extraction: values, units, approximations, metric phrases, writing systems."""

import cn2an  # imported once here: its ≈ 80 ms would count against the first example's deadline
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrlint.numbers import chinese_value, extract, load_rules, normalise_metric

RULES = load_rules()


def one(text: str):
    found = extract(text, RULES)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("员工 639 名", 639, "人"),
        ("收入 1,234.5 万元", 12_345_000, "元"),
        ("新增 5.1万线", 51_000, "线"),
        ("总额 3 亿元", 300_000_000, "元"),
        ("满意度 84.7分", 84.7, "分"),
        ("覆盖率 98%", 98, "%"),
        ("提升 3 个百分点", 3, "个百分点"),
        ("获得荣誉十三项", 13, "项"),
        ("捐款两千元", 2000, "元"),
        ("占比百分之三十", 30, "%"),
        ("员工６３９名", 639, "人"),
    ],
)
def test_values_and_units(text, value, unit):
    quantity = one(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    "text, approx",
    [
        ("约 100 人", "about"),
        ("超过 3000 小时", "over"),
        ("二十余人", "over"),
        ("占全员 62%以上", "over"),
        ("近 3100 小时", "about"),
        ("不足 10 人", "under"),
        ("共 10 人", None),
    ],
)
def test_approximations(text, approx):
    assert one(text).approx == approx


def test_range():
    quantity = one("30～39岁")
    assert (quantity.value, quantity.high, quantity.unit) == (30, 39, "岁")


@pytest.mark.parametrize("text", ["2023年1月1日", "一线员工", "十四五规划", "第三章", "5G 网络", "统一安装"])
def test_not_quantities(text):
    assert [q for q in extract(text, RULES) if q.unit] == []


@pytest.mark.parametrize(
    "text, metric",
    [
        ("截至年底，共有全口径员工 639 名。", "员工"),
        ("2023年度用户满意度：公众综合满意度84.7分", "公众综合满意度"),
        ("本单位共有职工 420 人", "员工"),
        ("注册志愿服务人员 120 人", "注册志愿者"),
        ("教育培训总支出 78.3 万元", "教育培训总支出"),
    ],
)
def test_metric_phrase(text, metric):
    assert one(text).metric == metric


def test_metric_stops_at_the_previous_quantity():
    first, second = extract("合同制员工 252 人派遣制员工 10 人", RULES)
    assert (first.metric, second.metric) == ("合同制员工", "派遣制员工")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("营业收入同比增长 6%", "delta"),
        ("2024年目标满意度 86 分", "target"),
        ("满意度 86 分", "level"),
    ],
)
def test_kind(text, kind):
    assert one(text).kind == kind


def test_a_plan_word_marks_only_later_figures_of_its_own_sentence():
    kinds = [q.kind for q in extract("去年党员 60 人，今年力争发展 8 人，全年 70 人。党员 68 人", RULES)]
    assert kinds == ["level", "target", "target", "level"]


def test_long_runs_of_spaces_and_magnitudes_are_read_in_one_pass():
    """Each run is skipped once, not rescanned from each of its characters."""
    text = ("员工" + " " * 200_000 + "万" * 200_000 + "，收入一亿五千万元。") * 2
    found = extract(text, RULES)
    assert [(q.value, q.unit, q.metric) for q in found] == [(1.5e8, "元", "收入")] * 2


def test_synonyms_and_stop_words():
    assert normalise_metric("累计营业收入", RULES) == "收入"
    assert normalise_metric("职工", RULES) == normalise_metric("员工", RULES) == "员工"


def test_number_split_by_a_pdf_wrap_is_read(tmp_path):
    from conftest import lint_text

    draft = "一、公开陈述\n本单位2023年度公众综合满意度\n84.7分。\n二、基本情况\n公众综合满意度 84.6 分。\n"
    result = lint_text(draft, tmp_path=tmp_path)
    found = [f for f in result.findings if f.code == "CSR301"]
    # The metric is on line 2, the number the PDF pushed to line 3: read as one, located at the number.
    assert [(f.line, f.related[0].line) for f in found] == [(5, 3)]
    assert "84.7分" in found[0].message


def chinese(n: int) -> str:
    """A plain Chinese numeral for 1..9999 (四千零五十, 十三)."""
    return cn2an.an2cn(n)


@settings(deadline=None)  # the first example imports cn2an, slow on a loaded machine
@given(st.integers(min_value=1, max_value=99_999))
def test_arabic_full_width_and_chinese_numerals_agree(n):
    arabic = one(f"员工 {n} 人").value
    full_width = one(f"员工 {str(n).translate(str.maketrans('0123456789', '０１２３４５６７８９'))} 人").value
    assert arabic == full_width == n
    assert one(f"员工{chinese(n)}人").value == n


@given(st.integers(min_value=1, max_value=9_999), st.sampled_from(["万", "亿"]))
def test_magnitudes_scale_every_writing(n, magnitude):
    scale = {"万": 10_000, "亿": 100_000_000}[magnitude]
    assert one(f"收入 {n}{magnitude}元").value == n * scale


@given(st.integers(min_value=0, max_value=10**16 - 1) | st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals_read_as_cn2an_writes_them(n):
    """Our reader against cn2an's writer over the whole range reports use (up to 千万亿)."""
    assert chinese_value(cn2an.an2cn(n)) == n


@given(st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False))
def test_chinese_decimals_agree_with_cn2an(value):
    written = cn2an.an2cn(str(value))
    assert chinese_value(written) == float(cn2an.cn2an(written, "normal"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两千", 2000),
        ("一百零五", 105),
        ("一万零五百", 10500),
        ("三亿五千万", 3.5e8),
        ("一万亿", 1e12),
        ("二〇二三", 2023),
        ("一千二", 1200),
        ("三万五", 35000),
        ("一百一", 110),
        ("十", 10),
        ("九十九点九九", 99.99),
        ("万一", None),
        ("百万", None),
        ("十十", None),
        ("五六十", None),
        ("〇亿", None),
        ("点五", None),
        ("十零", None),
    ],
)
def test_chinese_numerals_spoken_forms_and_non_numbers(text, value):
    assert chinese_value(text) == value
