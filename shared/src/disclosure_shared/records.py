"""The processed-disclosure contract (../shared/domain/CONTRACT.md) as pydantic models.

The MongoDB document, the validated-record topic payload and the JSON file written by
`disclosures process` all have this shape. Money is Decimal and serializes as a plain decimal
string ("1930.07"), never a float and never exponent notation.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from disclosure_shared.table_kinds import TableKind

SCHEMA_VERSION = "1"


def decimal_text(value: Decimal) -> str:
    """Plain positional notation: Decimal('1E+3') would otherwise print as '1E+3'."""
    return format(value, "f")


Money = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str, when_used="always")]

DocumentKind = Literal["budget", "final_accounts"]
Scope = Literal["department", "unit"]
Unit = Literal["yuan", "wan_yuan"]
Severity = Literal["error", "warning", "info"]
ProbableCause = Literal["source", "extraction", "rounding"]
Verdict = Literal["pass", "warn", "fail"]
BBox = tuple[float, float, float, float]
"""A box on a PDF page: x0, top, x1, bottom in PDF points from the page's top-left corner (pdfplumber's
coordinates; multiply by dpi / 72 for pixels)."""


class Record(BaseModel):
    """Base for contract records: unknown fields are rejected so typos surface in tests."""

    model_config = ConfigDict(extra="forbid")


class Source(Record):
    uri: str | None = None
    fetched_at: datetime
    filename: str | None = None
    content_type: str | None = None
    bytes: int
    portal: str | None = None
    """The crawled portal (its configured name) the input was found on; None when submitted by hand."""


class DocumentInfo(Record):
    """What the document is, read from its cover, headings and body (never the file name alone)."""

    kind: DocumentKind | None = None
    scope: Scope | None = None
    year: int | None = None
    organization: str | None = None
    region: str | None = None
    title: str | None = None


class PageInfo(Record):
    number: int = Field(ge=1)
    method: Literal["text", "ocr"] = "text"
    chars: int = 0
    needs_ocr: bool = False
    """True when the page has no usable text layer and no OCR has been run on it yet."""
    text: str | None = None
    """The page's text as extracted (kept so consumers can search and quote it)."""
    note: str | None = None
    """Why a page that needs OCR has no text (OCR disabled, time limit, engine failure)."""


class Row(Record):
    code: str | None = None
    name: str
    level: int | None = None
    values: dict[str, Money | None] = Field(default_factory=dict)
    page: int | None = None
    side: Literal["income", "expenditure"] | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    """Text cells by column key (units, indicator values, project names of non-money tables)."""
    bbox: BBox | None = None
    """Where the row is printed on `page` (the ruled table row of a PDF's text layer); None when not
    known (text exports, OCR'd pages, a row rebuilt from cells split over rows)."""
    repairs: list[str] = Field(default_factory=list)
    """What the parser changed on this row ("code", "joined-number", "realigned"): a failing identity
    on a repaired row is blamed on extraction, never on the publisher."""


class FundingSources(Record):
    """项目资金来源 of a project declaration (SPEC §2.15), in the declaration's unit; None where the
    sheet prints nothing (a blank line is no statement that the source is zero)."""

    total: Money | None = None
    """合计 (the S2 form: 项目总投入)."""
    general_budget: Money | None = None
    """一般公共预算财政拨款."""
    current_appropriation: Money | None = None
    """其中：申请当年预算拨款 (本年拨款)."""
    government_fund: Money | None = None
    """政府性基金预算财政拨款."""
    fiscal_special: Money | None = None
    """财政专户管理资金."""
    unit_funds: Money | None = None
    """单位资金 (其他资金)."""
    prior_carryover: Money | None = None
    """其中：使用上年度财政拨款结转 (上年结转)."""
    other: dict[str, Money | None] = Field(default_factory=dict)
    """Any other printed source by its label (the S2 form's 中央/省级/市级/区级财政, 自筹)."""


class DeclaredLine(Record):
    """A 项目支出明细测算 line or a 项目采购 line of a project declaration, in its unit."""

    name: str
    """The first printed cell (项目活动 / 项目任务明细 / 品名)."""
    amount: Money | None = None
    """金额 / 测算数 (明细测算), the line's last amount (采购)."""
    price: Money | None = None
    """单价, where the form prints it (S4)."""
    quantity: Money | None = None
    """计量数, where the form prints it (S4)."""
    unread: bool = False
    """Digits are printed where the amount belongs but do not read as one (a damaged cell)."""
    line: int | None = None
    """Its index in the table's `rows`."""


class ProjectDeclaration(Record):
    """A 项目申报表 / 项目支出绩效目标申报表 read into its typed fields (SPEC §2.15)."""

    name: str | None = None
    """项目名称, where the sheet or its page prints it."""
    unit: Unit | None = None
    total_budget: Money | None = None
    """项目总预算 (the S2 form: 项目总投入)."""
    current_budget: Money | None = None
    """项目当年预算 (the S2 form: 项目总投入)."""
    funding: FundingSources = Field(default_factory=FundingSources)
    page: int | None = None
    """The page printing the funding block (else the sheet's first page)."""
    lines: dict[str, int] = Field(default_factory=dict)
    """Where each field was read: its index in the table's `rows` ("current_budget", "funding:total",
    "funding:other:区级财政"; no ".", which a MongoDB key may not hold), so a finding quotes the
    printed line (parser 0.4.1)."""
    unread: list[str] = Field(default_factory=list)
    """Fields whose printed cell holds digits the parser could not read as an amount, left None (keys
    as in `lines`): a rule that needs them stays quiet (parser 0.4.1)."""
    costs: list[DeclaredLine] = Field(default_factory=list)
    """项目支出明细测算 lines (parser 0.4.1)."""
    purchases: list[DeclaredLine] = Field(default_factory=list)
    """项目采购 lines; a "/" line buys nothing and is left out (parser 0.4.1)."""


class SelfEvaluationIndicator(Record):
    """One indicator line of a 绩效自评表 (SPEC §5.3): labels carried down merged cells."""

    level1: str | None = None
    level2: str | None = None
    level3: str
    target: str | None = None
    """年初目标值(A) as printed ("≥95%")."""
    actual: str | None = None
    """实际完成值(B) as printed."""
    points_max: Money | None = None
    """分值, when printed in a column of its own."""
    points: Money | None = None
    """得分."""
    page: int | None = None
    line: int | None = None
    """Its index in the table's `rows` (parser 0.4.3)."""
    unread: list[str] = Field(default_factory=list)
    """What the printed line does not give (parser 0.4.3): "points" when a value cell was lost and the
    scores are unknown, "points_max" when the 分值 column prints no number (with "points" read, one
    number stands where two belong: which one it is is unsure), "labels" when the 一级/二级 label
    cells are cut mid-word (the labels it sits under are unknown). A rule needing them stays quiet."""


class SelfEvaluationLabel(Record):
    """A 年度目标 block or a 一级/二级 label of a 绩效自评表 with the weight printed on it (parser 0.4.3)."""

    level: Literal[0, 1, 2]
    """0 年度(绩效)目标, 1 一级指标, 2 二级指标."""
    name: str
    """The label without its weight ("产出指标")."""
    text: str
    """As printed ("产出指标 (40分)"); a label wrapped onto two lines is joined."""
    weight: Money | None = None
    """The weight printed on it ("(40分)"), if any."""
    line: int | None = None
    """Its index in the table's `rows`."""
    indicators: list[int] = Field(default_factory=list)
    """The indicators printed under it, as indices into `SelfEvaluation.indicators`."""


class SelfEvaluation(Record):
    """One printed 绩效自评表 (SPEC §5.3): its 预算执行情况 line, indicators and 总分."""

    name: str | None = None
    """The project (or 年度目标) the evaluation is for, where printed."""
    budget: Money | None = None
    """预算数(A)."""
    executed: Money | None = None
    """执行数(B)."""
    rate: Money | None = None
    """执行率 as printed, in percent."""
    execution_points: Money | None = None
    """得分 of the execution line (20分 × 执行率)."""
    total_points: Money | None = None
    """总分."""
    indicators: list[SelfEvaluationIndicator] = Field(default_factory=list)
    page: int | None = None
    rate_text: str | None = None
    """执行率 as printed ("100%", "100.00%", a bare "100" or "1.00") (parser 0.4.3)."""
    execution_weight: Money | None = None
    """The weight of budget execution printed on the sheet ("得分(20分*执行率)", "预算执行率 (10分)");
    None when not printed (the template's 20) (parser 0.4.3)."""
    indicator_weight: Money | None = None
    """The weight printed on 年度绩效目标 ("年度绩效目标 1 (80分)"), if any (parser 0.4.3)."""
    overall: bool = False
    """The department-wide (整体) self-evaluation, not a project's: its title or execution line says
    整体, or it prints one 年度目标 block per project (parser 0.4.3)."""
    project_total: Money | None = None
    """项目支出总额 printed above the execution line of the 整体 sheet (parser 0.4.3)."""
    labels: list[SelfEvaluationLabel] = Field(default_factory=list)
    """The 年度目标 blocks and 一级/二级 labels, in printed order (parser 0.4.3)."""
    lines: dict[str, int] = Field(default_factory=dict)
    """Where each field was read: "execution", "total", "project_total" to the index in the table's
    `rows` (parser 0.4.3)."""
    unread: list[str] = Field(default_factory=list)
    """Lines whose cells print digits that do not read as numbers (parser 0.4.3): "execution" (the
    预算执行情况 line: `budget`…`execution_points` are None), "total" (总分). A rule needing them
    stays quiet or blames the extraction."""


class Table(Record):
    kind: TableKind
    title: str
    number: str | None = None
    pages: list[int] = Field(default_factory=list)
    unit: Unit | None = None
    empty: bool = False
    statement: str | None = None
    """The printed sentence that declares the table empty ("本单位无政府性基金…"), when there is one."""
    rows: list[Row] = Field(default_factory=list)
    declarations: list[ProjectDeclaration] = Field(default_factory=list)
    """performance_project tables: the 申报表 the table prints, typed (parser 0.4.0)."""
    self_evaluations: list[SelfEvaluation] = Field(default_factory=list)
    """performance_self_evaluation tables: the 自评表 the table prints, typed (parser 0.4.0)."""


class Claim(Record):
    kind: Literal["amount", "change", "share", "completion", "count"]
    subject: str
    code: str | None = None
    value: Money
    unit: Literal["yuan", "wan_yuan", "percent", "count"]
    direction: Literal["increase", "decrease"] | None = None
    page: int | None = None
    text: str


class Location(Record):
    table: str | None = None
    page: int | None = None
    row: str | None = None
    column: str | None = None


class Evidence(Record):
    page: int | None = None
    text: str
    bbox: BBox | None = None
    """Where on `page` the evidence is printed, when the parser knows it (a table row's box)."""


class Finding(Record):
    rule: str
    severity: Severity
    probable_cause: ProbableCause
    message: str
    expected: Money | None = None
    actual: Money | None = None
    difference: Money | None = None
    location: Location = Field(default_factory=Location)
    evidence: list[Evidence] = Field(default_factory=list)
    rule_set_version: str | None = None


class ProcessedDisclosure(Record):
    """One input after every stage: the record consumers read."""

    schema_version: str = SCHEMA_VERSION
    sha256: str
    source: Source
    document: DocumentInfo
    pages: list[PageInfo]
    tables: list[Table] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    verdict: Verdict
    parser_version: str
    rule_set_version: str | None = None


def verdict_of(findings: list[Finding]) -> Verdict:
    """fail = at least one error; warn = at least one warning; else pass."""
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "fail"
    if "warning" in severities:
        return "warn"
    return "pass"
