"""Reading dates and periods in the forms Chinese reports write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csrlint.dates import find_dates, find_ranges


def written(text: str, year: int | None = None) -> list[tuple]:
    """(text, year, month, day, explicit) of every date found."""
    return [(text[m.start : m.end], m.year, m.month, m.day, m.explicit) for m in find_dates(text, year)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年12月5日", (2023, 12, 5)),
        ("2023 年 12 月 5日", (2023, 12, 5)),
        ("2023.12.05", (2023, 12, 5)),
        ("2023-12-05", (2023, 12, 5)),
        ("2023/12/05", (2023, 12, 5)),
        ("2023年元月", (2023, 1, None)),
        ("2023 年 12 月份", (2023, 12, None)),
        ("2023-12", (2023, 12, None)),
        ("2023年度", (2023, None, None)),
        ("二〇二四年八月", (2024, 8, None)),
        ("二〇二三年十二月五日", (2023, 12, 5)),
        ("２０２３年１２月５日", (2023, 12, 5)),  # full-width digits
    ],
)
def test_written_forms_of_one_date(text, expected):
    (found,) = written(f"于{text}完成")
    assert found[0] == text and found[1:4] == expected and found[4] is True


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2023年底", date(2023, 12, 1), date(2023, 12, 31)),
        ("2023年上半年", date(2023, 1, 1), date(2023, 6, 30)),
        ("2023年12月中旬", date(2023, 12, 11), date(2023, 12, 20)),
        ("2023年9月底", date(2023, 9, 21), date(2023, 9, 30)),
        ("2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_qualified_dates_span_their_part_of_the_year_or_month(text, first, last):
    (mention,) = find_dates(text)
    assert (mention.first_day(), mention.last_day()) == (first, last)


def test_date_without_year_takes_the_paragraphs_year_else_the_default():
    text = "2022年12月20日，区领导调研；12 月 26 日，再次调研。\n3 月 15 日，街道领导检查。"
    assert written(text, 2023) == [
        ("2022年12月20日", 2022, 12, 20, True),
        ("12 月 26 日", 2022, 12, 26, False),
        ("3 月 15 日", 2023, 3, 15, False),
    ]


def test_without_any_year_the_year_stays_unknown():
    (mention,) = find_dates("3 月 15 日，街道领导检查。")
    assert mention.year is None and mention.first_day() is None


@pytest.mark.parametrize("word", ["全年", "年内", "当年", "今年"])
def test_relative_year_words_mean_the_context_year(word):
    (mention,) = find_dates(f"2022年，公司{word}完成培训 20 期", 2023)[1:]
    assert (mention.relative, mention.year, mention.explicit) == (True, 2022, False)


@pytest.mark.parametrize(
    "text",
    [
        "营业收入 3.5 万元",
        "GB/T 19001-2016/ISO 9001:2015 标准",
        "三年内实现全覆盖",
        "每 12 个月评审一次",
        "节约租金 300 万元月均",
        "编号 2023.5 号",
        "占比 20.12%",
        "第 2023 号文件",
        "2022-2023 赛季",
    ],
)
def test_look_alikes_are_not_dates(text):
    assert written(text) == []


def test_a_date_split_by_a_wrap_is_one_date_once_the_flow_joins_it():
    (mention,) = find_dates("本报告从 2023年 1 月 1日到 2023年 12 月 31日")[1:]
    assert (mention.year, mention.month, mention.day) == (2023, 12, 31)


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("从 2023 年 1 月 1 日到 2023 年 12 月 31 日", date(2023, 1, 1), date(2023, 12, 31)),
        ("从 2023年元月 1日到 12月31日", date(2023, 1, 1), date(2023, 12, 31)),
        ("时间跨度为 2023 年 1 月 1日--2023 年 12 月 31 日", date(2023, 1, 1), date(2023, 12, 31)),
        ("2023年1月1日至2023年10月31日", date(2023, 1, 1), date(2023, 10, 31)),
        ("有效期为 2020年 12月-2023年 12月", date(2020, 12, 1), date(2023, 12, 31)),
        ("2023 年 1-11 月", date(2023, 1, 1), date(2023, 11, 30)),
        ("2023年1月至9月", date(2023, 1, 1), date(2023, 9, 30)),
        ("“2022-2023 年度先进”", date(2022, 1, 1), date(2023, 12, 31)),
    ],
)
def test_ranges(text, first, last):
    (span,) = find_ranges(text, 2023)
    assert (span.first_day(), span.last_day()) == (first, last)


@pytest.mark.parametrize("text", ["2023年3月，公司到2024年", "7 月 8 日", "营收 1-2 亿元", "2023年，公司"])
def test_not_ranges(text):
    assert find_ranges(text, 2023) == []


@given(
    day=st.dates(date(1990, 1, 1), date(2099, 12, 31)),
    form=st.sampled_from(
        [
            "{y}年{m}月{d}日",
            "{y} 年 {m} 月 {d} 日",
            "{y}.{m:02d}.{d:02d}",
            "{y}-{m:02d}-{d:02d}",
            "{y}-{m}-{d}",
            "{y}/{m}/{d}",
        ]
    ),
)
def test_any_date_in_any_form_reads_back(day, form):
    text = "于" + form.format(y=day.year, m=day.month, d=day.day) + "召开"
    (mention,) = find_dates(text)
    assert mention.first_day() == day == mention.last_day()
