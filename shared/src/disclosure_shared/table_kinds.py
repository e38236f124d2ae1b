"""The canonical table kinds of the contract (`Table.kind`, `Location.table`).

A StrEnum: each member is its contract string (`TableKind.REVENUE == "revenue"`), so the JSON records
and the MongoDB documents carry the same strings CONTRACT.md lists, and older records still load.

SPEC.md §1.6 / §2 numbers the tables T01…T19; the kinds they are parsed into:

    T01      收支总表 / 收入支出决算总表 (公开01表)               REVENUE_EXPENDITURE_SUMMARY
    T02      收入总表 / 收入决算表 (公开02表)                      REVENUE
    T03      支出总表 / 支出决算表 (公开03表)                      EXPENDITURE
    T04      财政拨款收支总表 / 财政拨款收入支出决算总表 (公开04表)  FISCAL_APPROPRIATION_SUMMARY
    T05      一般公共预算(财政拨款)支出表 (公开05表)               GENERAL_BUDGET_EXPENDITURE
    T05b     一般公共预算支出表 分单位 (S4 表5-2)                  GENERAL_BUDGET_EXPENDITURE_BY_UNIT
    T06      一般公共预算基本支出表 / 基本支出决算明细表 (公开06表)  GENERAL_BUDGET_BASIC_EXPENDITURE
    T07      "三公"经费支出表 (决算 公开09表)                      THREE_PUBLIC_EXPENSES
    T08      政府性基金预算支出表 (决算 公开07表)                  GOVERNMENT_FUND
    T09      国有资本经营预算支出表 (决算 公开08表)                STATE_CAPITAL
    T10      项目支出表                                           PROJECT_EXPENDITURE
    T11      政府采购预算表                                       GOVERNMENT_PROCUREMENT
    T12      政府(向社会力量)购买服务预算表                        PURCHASED_SERVICES
    T13      资产配置预算表                                       ASSET_ALLOCATION
    T14      整体支出绩效目标表                                   PERFORMANCE_OVERALL
    T15      项目申报表 / 项目支出绩效目标表                       PERFORMANCE_PROJECT
    T16/T17  整体 / 项目绩效自评表                                PERFORMANCE_SELF_EVALUATION
    T18      重点工作完成情况表                                   KEY_WORK
    T19      通讯录                                               CONTACTS

Kinds the seeds do not print (other provinces' templates, docs/records.md):
FISCAL_APPROPRIATION_EXPENDITURE (财政拨款支出表, Jiangsu 公开05表),
FISCAL_APPROPRIATION_BASIC_EXPENDITURE (财政拨款基本支出表, Jiangsu 公开06表),
OPERATING_EXPENSES (机关运行经费表, Jiangsu 公开11表), and UNKNOWN for a table no title or header
identifies (its cells are kept as printed).
"""

from __future__ import annotations

from enum import StrEnum


class TableKind(StrEnum):
    REVENUE_EXPENDITURE_SUMMARY = "revenue_expenditure_summary"
    REVENUE = "revenue"
    EXPENDITURE = "expenditure"
    FISCAL_APPROPRIATION_SUMMARY = "fiscal_appropriation_summary"
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
    GENERAL_BUDGET_EXPENDITURE_BY_UNIT = "general_budget_expenditure_by_unit"
    GENERAL_BUDGET_BASIC_EXPENDITURE = "general_budget_basic_expenditure"
    FISCAL_APPROPRIATION_EXPENDITURE = "fiscal_appropriation_expenditure"
    FISCAL_APPROPRIATION_BASIC_EXPENDITURE = "fiscal_appropriation_basic_expenditure"
    OPERATING_EXPENSES = "operating_expenses"
    THREE_PUBLIC_EXPENSES = "three_public_expenses"
    GOVERNMENT_FUND = "government_fund"
    STATE_CAPITAL = "state_capital"
    PROJECT_EXPENDITURE = "project_expenditure"
    GOVERNMENT_PROCUREMENT = "government_procurement"
    PURCHASED_SERVICES = "purchased_services"
    ASSET_ALLOCATION = "asset_allocation"
    PERFORMANCE_OVERALL = "performance_overall"
    PERFORMANCE_PROJECT = "performance_project"
    PERFORMANCE_SELF_EVALUATION = "performance_self_evaluation"
    KEY_WORK = "key_work"
    CONTACTS = "contacts"
    UNKNOWN = "unknown"
