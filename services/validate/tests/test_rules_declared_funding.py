"""The funding sources a 项目申报表 declares (the parser's typed declarations) against the 项目支出表 and
the 收支总表's 上年结转: on the real seeds as published, after one printed value is edited, and on a
synthetic PDF (the corpus prints no 申报表)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal as D

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from disclosure_parse.extraction import extract_pages
from disclosure_parse.payload import parsed_payload
from disclosure_shared.events import BlobRef, ParsedPayload
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits
from disclosure_shared.table_kinds import TableKind
from services.validate.tests.rule_testing import Seed, run

FUNDING = "declared-funding-project-table"
CARRYOVER = "declared-carryover-summary"


def edit_declaration(payload: ParsedPayload, name: str, **funding: D) -> ParsedPayload:
    """As if the 申报表 of project `name` printed these 资金来源 amounts."""
    tables = []
    for table in payload.tables:
        declarations = [
            d.model_copy(update={"funding": d.funding.model_copy(update=funding)}) if d.name == name else d
            for d in table.declarations
        ]
        tables.append(table.model_copy(update={"declarations": declarations}))
    return payload.model_copy(update={"tables": tables})


def edit_project(payload: ParsedPayload, name: str, column: str, value: D) -> ParsedPayload:
    """As if the 项目支出表 printed `value` in `column` of the project line `name`."""
    tables = []
    for table in payload.tables:
        if table.kind == TableKind.PROJECT_EXPENDITURE:
            rows = [
                r.model_copy(update={"values": {**r.values, column: value}}) if r.name == name else r
                for r in table.rows
            ]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def test_the_s4_declarations_agree_with_the_project_table(seed: Seed) -> None:
    payload = seed("004")
    assert sum(len(t.declarations) for t in payload.tables) == 14
    assert run(FUNDING, payload) == []
    assert run(CARRYOVER, payload) == []


def test_a_changed_project_line_is_reported_with_its_source(seed: Seed) -> None:
    # 004:L410 专项劳务外包服务费 13.20 | 13.20; its 申报表 (表12-2) declares 132,000 元 本年拨款
    payload = edit_project(seed("004"), "专项劳务外包服务费", "current_gpb", D("13.00"))
    [finding] = run(FUNDING, payload)
    assert finding.severity == "error" and finding.probable_cause == "source"
    assert (finding.expected, finding.actual) == (D("13.00"), D("13.20"))
    assert finding.location.row == "专项劳务外包服务费"
    assert "申请当年预算拨款" in finding.message and "表12-2" in finding.message


def test_a_declared_carryover_the_summary_does_not_receive(seed: Seed) -> None:
    payload = edit_declaration(seed("004"), "专项劳务外包服务费", prior_carryover=D(30000))
    [finding] = run(CARRYOVER, payload)
    assert finding.severity == "error"
    assert (finding.expected, finding.actual) == (D(0), D(3))  # 30,000 元 = 3 万元 against none
    [funding] = run(FUNDING, payload)
    assert "使用上年度财政拨款结转" in funding.message


def test_the_s0_sheets_as_published(seed: Seed) -> None:
    """000's multi-year blocks fund the whole project (合计 620 for 当年 217.64, 000:L782–785): not
    compared with the year's table. The carried-over 民呼我应 project is declared from 单位资金 / 上年
    结转 (000:L1230–1237) while the 项目支出表 gives it as 本年拨款 (000:L357) and the 收支总表 receives
    no 上年结转 (000:L143, and the text says so, L1271): the publisher's inconsistency, reported."""
    payload = seed("000")
    [funding] = run(FUNDING, payload)
    assert funding.severity == "error"
    assert funding.location.row == "“民呼我应”信息化服务平台整合提升项目"
    assert "单位资金" in funding.message and "申请当年预算拨款" in funding.message
    [carryover] = run(CARRYOVER, payload)
    assert (carryover.expected, carryover.actual) == (D(0), D(11))


# ---- a synthetic PDF: a 项目支出表 and a 项目申报表 ------------------------------------------------

FONT = "STSong-Light"


def _grid(canvas: Canvas, left: float, top: float, widths: list[float], rows: list[list[str]]) -> None:
    height = 20.0
    right = left + sum(widths)
    for index in range(len(rows) + 1):
        canvas.line(left, top - index * height, right, top - index * height)
    x = left
    for width in [0.0, *widths]:
        x += width
        canvas.line(x, top, x, top - len(rows) * height)
    for index, cells in enumerate(rows):
        x = left
        for width, text in zip(widths, cells, strict=True):
            canvas.drawString(x + 3, top - (index + 1) * height + 6, text)
            x += width


def declared_pdf(current: str) -> bytes:
    """A 项目支出表 (万元) and a 申报表 (元) of one project whose 本年拨款 is `current` 元."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=True)
    canvas.setFont(FONT, 12)
    canvas.drawString(40, 560, "武汉市某区数据局2025年部门预算")
    canvas.showPage()
    canvas.setFont(FONT, 9)
    canvas.drawString(40, 560, "表10 项目支出表")
    canvas.drawString(40, 545, "单位：万元")
    funds = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
    header = [
        [
            "项目编码",
            "项目名称",
            "项目单位",
            "合计",
            "本年拨款",
            "",
            "",
            "财政拨款结转结余",
            "",
            "",
            "单位资金",
        ],
        ["", "", "", "", *funds, *funds, ""],
    ]
    amounts = ["50.00", "40.00", "", "", "10.00", "", "", ""]
    lines = [
        ["", "合计", "", *amounts],
        ["42010426135T000000201", "数据治理服务", "某区数据局本级", *amounts],
    ]
    widths = [110.0, 80, 80, 45, 60, 60, 60, 60, 60, 60, 45]
    _grid(canvas, 20, 530, widths, header + lines)
    canvas.drawString(40, 300, "单位：万元")
    summary = [
        ["收入", "预算数", "支出", "预算数"],
        ["一、一般公共预算拨款收入", "40.00", "一、一般公共服务支出", "50.00"],
        ["本年收入合计", "40.00", "本年支出合计", "50.00"],
        ["上年结转结余", "10.00", "年终结转结余", ""],
        ["收入总计", "50.00", "支出总计", "50.00"],
    ]
    canvas.drawString(40, 315, "表1 收支总表")
    _grid(canvas, 20, 290, [160.0, 70, 160, 70], summary)
    canvas.showPage()
    canvas.setFont(FONT, 10)
    canvas.drawString(40, 560, "表12-1 项目申报表")
    canvas.drawString(40, 545, "单位：元")
    sheet = [
        ["项目名称", "数据治理服务", "", ""],
        ["项目总预算", "500,000", "项目当年预算", "500,000"],
        ["项目资金来源", "来源项目", "", "金额"],
        ["", "合计", "", "500,000"],
        ["", "一般公共预算财政拨款", "", current],
        ["", "其中：申请当年预算拨款", "", current],
        ["", "政府性基金预算财政拨款", "", ""],
        ["", "财政专户管理资金", "", ""],
        ["", "单位资金", "", ""],
        ["", "其中：使用上年度财政拨款结转", "", "100,000"],
    ]
    _grid(canvas, 40, 530, [120.0, 200, 100, 120], sheet)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _parsed(data: bytes) -> ParsedPayload:
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    source = Source(fetched_at=fetched, bytes=len(data), content_type="application/pdf")
    pages = extract_pages(data, "application/pdf", Limits(ocr_enabled=False))
    return parsed_payload(data, pages, source, BlobRef(store="file", sha256="0" * 64, size=len(data)))


def test_a_synthetic_declaration_read_from_a_pdf_and_checked() -> None:
    clean = _parsed(declared_pdf("400,000"))
    [declaration] = [d for t in clean.tables for d in t.declarations]
    assert declaration.unit == "yuan"
    assert declaration.funding.current_appropriation == D(400000)
    assert declaration.funding.prior_carryover == D(100000)
    assert run(FUNDING, clean) == []
    assert run(CARRYOVER, clean) == []
    changed = _parsed(declared_pdf("450,000"))
    [finding] = run(FUNDING, changed)
    assert (finding.expected, finding.actual) == (D("40.00"), D(45))
    assert "申请当年预算拨款" in finding.message
