#!/usr/bin/env python3
"""Render a realistic sample disclosure PDF from the figures of a real seed document.

The sample is 武汉市硚口区大数据中心 2023 年度部门决算 (final accounts), transcribed from the seed
``001_3d9117acb7238360.txt`` (a PDF-to-text export of the published document; see SPEC.md §1.2 and §2).
It holds the cover, 目录, 第一部分 概况, the nine 决算 tables 公开01表 … 公开09表 and 第三部分 情况说明;
the performance self-evaluation attachments (第四 to 第六部分) and the charts are left out.

Every figure, code and name below is copied from the seed; nothing is computed or invented. The only
edits are the repair of the text export: paragraphs and cells that the export cut at a page break are
joined again, ``\\geq`` is written ≥, and the charts' captions are dropped. Publisher typos (硃口区 for
硚口区 in 第三部分 五(三)7) are kept on purpose: the parser has to survive them.

Developers only (reportlab is a dev dependency)::

    uv run python samples/generate.py            # writes samples/qiaokou-bigdata-2023-final-accounts.pdf

The output is byte-for-byte reproducible (reportlab invariant mode, fixed creation date).
"""

from __future__ import annotations

import argparse
import calendar
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "qiaokou-bigdata-2023-final-accounts.pdf"
SEED = "001_3d9117acb7238360.txt"

FONT = "STSong-Light"  # Adobe CID font built into every PDF reader's Asian font pack; nothing to embed

ORG = "武汉市硚口区大数据中心"
TITLE = f"{ORG} 2023 年度部门决算"
PUBLISHED = "2024 年 10 月 31 日"
CREATED = (2024, 10, 31, 0, 0, 0)  # PDF CreationDate/ModDate (UTC), the publication date
DEPT_LINE = f"部门：{ORG}"
UNIT_LINE = "金额单位：万元"

PART1 = f"第一部分 {ORG}概况"
PART2 = f"第二部分 {ORG} 2023 年度部门决算表"
PART3 = f"第三部分 {ORG} 2023 年度部门决算情况说明"

# 目录 as printed (seed L12–51), limited to the three parts this sample contains.
CONTENTS: list[tuple[str, list[str]]] = [
    (PART1, ["一、部门主要职责", "二、机构设置情况"]),
    (
        PART2,
        [
            "一、收入支出决算总表",
            "二、收入决算表",
            "三、支出决算表",
            "四、财政拨款收入支出决算总表",
            "五、一般公共预算财政拨款支出决算表",
            "六、一般公共预算财政拨款基本支出决算明细表",
            "七、政府性基金预算财政拨款收入支出决算表",
            "八、国有资本经营预算财政拨款支出决算表",
            "九、财政拨款“三公”经费支出决算表",
        ],
    ),
    (
        PART3,
        [
            "一、收入支出决算总体情况说明",
            "二、收入决算情况说明",
            "三、支出决算情况说明",
            "四、财政拨款收入支出决算总体情况说明",
            "五、一般公共预算财政拨款支出决算情况说明",
            "六、一般公共预算财政拨款基本支出决算情况说明",
            "七、政府性基金预算财政拨款收入支出决算情况说明",
            "八、国有资本经营预算财政拨款支出决算情况说明",
            "九、财政拨款“三公”经费支出决算情况说明",
            "十、机关运行经费支出说明",
            "十一、政府采购支出说明",
            "十二、国有资产占用情况说明",
            "十三、预算绩效情况说明",
        ],
    ),
]

# Narrative text. One paragraph per blank-line-separated block; its lines are joined with nothing
# (they are cut only for source width). "# " starts a section heading, "## " a sub-heading.
PART1_TEXT = """
# 一、部门主要职责

1、贯彻落实国家、省市大数据、电子政务、智慧城市发展的方针政策，
参与拟订硚口区贯彻意见和规定；参与全区大数据、电子政务、智慧城市等领域规划、
计划的制定和技术架构的设计。

2、承担政务数据资源归集、治理、共享、开放、应用、安全等领域的技术性工作；指导各部门（街道）
数据应用工作，配合相关部门开展全区数据安全、数据管理的绩效评估和督查工作。

3、承担区级电子政务云平台、数据中心等大数据基础设施和应用平台建设，
推进各部门利用电子政务云平台开展电子政务应用，实行集约化管理；
协助区大数据局做好区属各部门开展电子政务建设的技术咨询、服务工作。

4、承担由区财政投资的智慧城市重点项目建设的技术支撑；
配合相关部门开展信息化项目的技术方案论证和项目运行效能评估。

5、承担区级非涉密电子政务网络的建设、维护和安全保障工作；
承担区电子政务机房的建设和维护工作；承担自建系统的数据保密和安全保障工作，
做好区属各部门系统的数据保密和安全保障工作的技术咨询。

6、承担区人民政府门户网站的技术支撑工作；承担网上政务公开的技术支持工作。

7、推进新技术在大数据、电子政务工作中的应用，组织技术培训、业务交流和信息咨询活动。

8、按规定承担全面从严治党、国家安全、意识形态、综治维稳、精神文明建设、安全生产、
生态环境保护、保密等主体责任。

9、承担上级交办的其他事项。

# 二、机构设置情况

从单位构成看，武汉市硚口区大数据中心部门决算由实行独立核算的武汉市硚口区大数据中心本级决算组
成。其中：

内设5个科室，包括党政办公室、数据资源科、电子政务科、数字城市建设科、技术保障科。

"""
PART3_TEXT = """
# 一、收入支出决算总体情况说明

2023 年度收、支总计均为 2,098.74 万元。与 2022 年度相比，收、
支总计各增加 709.32 万元，增长 51.1%，
主要原因是新增社区工作平台及全区数据处理服务项目、
硚口区社会治安视频监控系统三期租用费(2021-2022 年度)、运维及精密空调更换、
硚口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目支出等。

# 二、收入决算情况说明

2023 年度收入合计 2,098.74 万元，与 2022 年度相比，
收入合计增加 709.32 万元，增长 51.1%。其中：
财政拨款收入 2,098.74 万元，占本年收入 100%。

# 三、支出决算情况说明

2023 年度支出合计 2,098.74 万元，与 2022 年度相比，
支出合计增加 709.32 万元，增长 51.1%。其中：基本支出 348.21 万元，
占本年支出 16.6%；项目支出 1,750.53 万元，占本年支出 83.4%。

# 四、财政拨款收入支出决算总体情况说明

2023年度财政拨款收、支总计均为2,098.74万元。与2022年度相比，财政拨款收、
支总计各增加709.32万元，增长51.1%。主要原因是新增社区工作平台及全区数据处理服务项
目、硚口区社会治安视频监控系统三期租用费(2021-2022年度)、运维及精密空调更换、
硚口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目支出等。

2023年度财政拨款收入中，一般公共预算财政拨款收入2,098.74万元，
比2022年度决算数增加709.32万元。增加主要原因是新增社区工作平台及全区数据处理服务项
目、硚口区社会治安视频监控系统三期租用费(2021-2022年度)、运维及精密空调更换、
硚口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目支出等。
政府性基金预算财政拨款收入0万元，与 2022 年度决算数相比无增减变化。
国有资本经营预算财政拨款收入 0 万元，与 2022 年度决算数相比无增减变化。

# 五、一般公共预算财政拨款支出决算情况说明

## (一) 一般公共预算财政拨款支出决算总体情况。

2023 年度一般公共预算财政拨款支出 2,098.74 万元，占本年支出合计的 100%。
与 2022 年度相比，一般公共预算财政拨款支出增加 709.32 万元，增长 51.1%。
主要原因是新增社区工作平台及全区数据处理服务项目、
硚口区社会治安视频监控系统三期租用费(2021-2022 年度)、运维及精密空调更换、
硚口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目支出等。

## (二) 一般公共预算财政拨款支出决算结构情况。

2023 年度一般公共预算财政拨款支出 2,098.74 万元，主要用于以下方面：

1. 一般公共服务（类）支出 261.74 万元，占 12.5%。主要是用于事业运行。

2. 社会保障和就业支出(类)26.22 万元，占 1.2%。
主要是用于机关事业单位基本养老保险缴费支出。

3. 卫生健康支出(类)109.55 万元，占 5.2%。
主要是用于突发公共卫生事件应急处理、事业单位医疗、公务员医疗补助、其他行政事业单位医疗支出。

4. 资源勘探工业信息等支出(类)1,666.02 万元，占 79.4%。
主要是用于一般行政管理事务。

5. 住房保障支出(类)35.21 万元，占 1.7%。主要是用于住房公积金、提租补贴。

## （三）一般公共预算财政拨款支出决算具体情况。

2023 年度一般公共预算财政拨款支出年初预算为 819.47 万元，
支出决算为 2,098.74 万元，完成年初预算的 256.1%。其中：

1. 一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)事业运行(项)。
年初预算为 292.27 万元，支出决算为 261.74 万元，完成年初预算的 89.6%，
支出决算数小于年初预算数的主要原因：1. 同比年初预算数，在职转退休 1 人；
2. 2023 年度第四季度预发绩效未在本年发放，导致人员经费支出减少。

2. 社会保障和就业支出(类)行政事业单位养老支出(款)
机关事业单位基本养老保险缴费支出(项)。年初预算为 26.22 万元，
支出决算为 26.22 万元，完成年初预算的 100%。

3. 卫生健康支出(类)公共卫生(款)突发公共卫生事件应急处理(项)。年初预算为 0 万元，
支出决算为 72.80 万元，支出决算数大于年初预算数的主要原因：
2023 年度社区工作平台及全区数据处理服务项目为年中预算追加。

4. 卫生健康支出(类)行政事业单位医疗(款)事业单位医疗(项)。
年初预算为 14.26 万元，支出决算为 14.26 万元，完成年初预算的 100%。

5. 卫生健康支出(类)行政事业单位医疗(款)公务员医疗补助(项)。
年初预算为 23.37 万元，支出决算为 21.99 万元，完成年初预算的 94.1%。
支出决算数小于年初预算数的主要原因：同比年初预算数，在职转退休 1 人。

6. 卫生健康支出(类)行政事业单位医疗(款)其他行政事业单位医疗支出(项)。
年初预算为 1.05 万元，支出决算为 0.5 万元，完成年初预算的 47.6%。
支出决算数小于年初预算数的主要原因：同比年初预算数，在职转退休 1 人。

7. 资源勘探工业信息等支出(类)工业和信息产业监管(款)一般行政管理事务(项)。
年初预算为 420.37 万元，支出决算为 1,666.02 万元，
完成年初预算的 396.3%。支出决算数大于年初预算数的主要原因：
新增项目经费硃口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目支出，
2022 年度硃口区社会治安视频监控系统三期租用费(2021-2022年度)
按财政要求由预拨款转2023年度列支。

8. 住房保障支出(类)住房改革支出(款)住房公积金(项)。年初预算为35.05万元,
支出决算为31.4万元,完成年初预算的89.6%。支出决算数小于年初预算数的主要原因:
同比年初预算数,在职转退休1人。

9. 住房保障支出(类)住房改革支出(款)提租补贴(项)。年初预算为6.89万元,
支出决算为3.81万元,完成年初预算的55.3%。支出决算数小于年初预算数的主要原因:
同比年初预算数,在职转退休1人。

# 六、一般公共预算财政拨款基本支出决算情况说明

2023年度一般公共预算财政拨款基本支出348.21万元,其中:

人员经费321.75万元,主要包括:基本工资、津贴补贴、绩效工资、
机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、公务员医疗补助缴费、
其他社会保障缴费、住房公积金、退休费、医疗费补助。

公用经费26.46万元,主要包括:办公费、水费、电费、邮电费、物业管理费、差旅费、维修(护)
费、工会经费、福利费、其他商品和服务支出。

# 七、政府性基金预算财政拨款收入支出决算情况说明

本部门当年无政府性基金预算财政拨款收入支出。

# 八、国有资本经营预算财政拨款支出决算情况说明

本部门当年无国有资本经营预算财政拨款支出。

# 九、财政拨款“三公”经费支出决算情况说明

## （一）“三公”经费财政拨款支出决算总体情况说明。

2023 年度“三公”经费财政拨款支出全年预算为 0.81 万元，支出决算为 0 万元，
完成全年预算的 0%。较上年无增减。决算数小于全年预算数的主要原因：本年度无此项支出。

## （二）“三公”经费财政拨款支出决算具体情况说明。

1. 因公出国(境)费全年预算为 0 万元，支出决算为 0 万元，完成全年预算的 0%。
较上年无增减。决算数与预算数持平的主要原因是未安排此项预算及支出。决算数较上年无变化。

全年支出涉及出国（境）团组 0 个，累计 0 人次，支出住宿费 0 万元、旅费 0 万元、
伙食补助费 0 万元、培训费 0 万元、杂费 0 万元。

2. 公务用车购置及运行费全年预算为 0 万元，支出决算为 0 万元，完成全年预算的 0%；
较上年无增减。决算数与预算数持平的主要原因是未安排此项预算及支出。决算数较上年无变化。其中：

(1) 公务用车购置费支出 0 万元。本年度购置(更新)公务用车 0 辆。

(2) 公务用车运行费支出 0 万元，其中：燃料费 0 万元；维修费 0 万元；
过桥过路费 0 万元；保险费 0 万元；安全奖励费用 0 万元。
截至 2023 年 12 月 31 日，开支财政拨款的公务用车保有量为 0 辆。

3. 公务接待费全年预算为 0.81 万元，支出决算为 0 万元，完成全年预算的 0%，
较上年无增减。决算数小于全年预算数的主要原因是本年度无此项支出。其中：

外宾接待支出 0 万元。2023 年共接待来访团组 0 个，0 人次（不包括陪同人员）。

国内公务接待支出 0 万元。2023 年共接待国内来访团组 0 个，
0 人次（不包括陪同人员）。

# 十、机关运行经费支出说明

无。

# 十一、政府采购支出说明

本部门 2023 年度政府采购支出总额 177.08 万元，其中：
政府采购货物支出 0.32 万元、政府采购工程支出 0 万元、
政府采购服务支出 176.76 万元。授予中小企业合同金额 116.92 万元，
占政府采购支出总额的 66%，其中：授予小微企业合同金额 116.92万元，
占授予中小企业合同金额的 100%；货物采购授予中小企业合同金额占货物支出金额的 100%，
工程采购授予中小企业合同金额占工程支出金额的 0%，
服务采购授予中小企业合同金额占服务支出金额的 65.9%。

# 十二、国有资产占用情况说明

截至 2023 年 12 月 31 日，部门（单位）共有车辆 0 辆，其中，
副省级及以上领导干部用车 0 辆、主要负责人用车 0 辆、机要通信用车 0 辆、
应急保障用车 0 辆、执法执勤用车 0 辆、特种专业技术用车 0 辆、
离退休干部服务用车 0 辆、其他用车 0 辆；单位价值 100 万元以上设备 2 台（套）。

# 十三、预算绩效情况说明

## （一）预算绩效管理工作开展情况。

根据预算绩效管理要求，本部门组织对 2023 年度一般公共预算项目支出全面开展绩效自评，
共涉及项目 8 个，资金 1,750.53 万元，占一般公共预算项目支出总额的 100%。
从评价情况来看，我部门按照预算绩效评价管理暂行办法，推进绩效评价工作有序进行，
绩效评价范围覆盖整个部门一般公共预算支出，项目执行到位，充分发挥资金效益。

组织开展部门整体绩效评价，评价情况来看，部门整体支出 2,098.74 万元，
其中基本支出 348.21 万元，占 16.6%；项目支出1,750.53 万元，
占 83.4%。2023 年度我中心资金管理规范，项目管理到位，政策执行有力，
有效发挥了财政资金的使用效率，综合得分为 100 分，自评结果为“优”。

(整体支出绩效自评结果及自评表见附件)

## (二) 部门决算中项目绩效自评结果。

本部门今年在部门决算中反映所有项目绩效自评结果（涉密项目除外），共涉及 8 个一级项目。

1. 党政综合事务管理及专业服务项目绩效自评综述：项目全年预算数为 11.71 万元，
执行数为 11.71 万元，完成预算 100%。主要产出和效益：签订法律咨询、财务外包、
档案清理服务合同三份，按时完成区财政局、档案馆、机关工委交办的工作，完成法律咨询、财务外包、
档案清理服务合同签订，保证项目合同、财务工作规范、合法。

2. 信息化项目维护及运行项目绩效自评综述：项目全年预算数为 331.37 万元，
执行数为 331.37 万元，完成预算的 100%。主要产出和效益是：
一是定期开展线路巡查工作，每月提供当月线路运行情况报告，全年总计 12 份；
二是保障 135 个社区、11 个街道及政务服务中心“一张网”终端电脑及接入政务外网
率 100%；三是网站全年开网率不低于 99.9%（不包含因市级服务器造成的故障）；
四是与智慧小区公安平台对接正常；五是会议保障、核心机房及会议系统进行常态化巡检，
形成巡检记录及日志，完成率达到 100%；六是社区政务网光纤线路正常运
行（2022-2023 年）第一期线路移机处理率 100%；
七是视频会议软硬件问题处理及维护率达 100%；八是确保互联网故障及时处理；
九是全区视频会议及战时指挥系统视频体系运维技术保障服务用户服务满意率 ≥ 99%。

3. 信息化项目管理与服务项目绩效自评综述：项目全年预算数为 14.95 万元，
执行数为 14.95 万元，完成预算的 100%。主要产出和效益是：
一是对区大数据局委托的信息化项目开展技术评审工作率 100%；
二是区大数据局组织的信息化项目验收受邀参与率 100%；
三是 100 万以上非货物类项目造价评估率不低于 50%；
四是党政机关信息化报审项目依规“上云”率达 100%。

4. 网络安全加固及政务新媒体监测项目绩效自评综述：项目全年预算数为 23.99 万元，
执行数为 23.99 万元，完成预算的 100%。主要产出和效益是：一是每月提供监测报告，
全年总计 12 份；二是采购设备维保服务 8 台；三是处置成功率 100%，故障率 1%；
四是网络安全加固使用部门满意度 100%。

5. 运维及精密空调更换项目绩效自评综述：项目全年预算数为 50 万元，
执行数为 50 万元，完成预算的 100%。主要产出和效益是：一是更换空调一台；
二是确保为社区提供平稳的平台网络服务，平台稳定运行率达到 99%；
三是根据社区反馈与市级要求，对于平台功能及时调整优化，对于社区反映问题及时处理，
确保区内各社区网络接入社区工作平台安全畅通。

6. 社区工作平台及全区数据处理服务项目绩效自评综述：项目全年预算数为 72.8 万元，
执行数为 72.8 万元，完成预算的 100%。主要产出和效益是：
一是数据年度总处理量 8400000 条；二是每季度提供当季运维报告；
三是确保为社区提供平稳的平台网络服务，平台稳定运行率达到 100%；
四是根据社区反馈与市级要求，对于平台功能及时调整优化，对于社区反映问题及时处理，
确保区内各社区网络接入社区工作平台安全畅通。

7. 硚口区城市运行管理中心建设项目设计、咨询、监理、审计、测评等服务项目绩效自评综述：
项目全年预算数为 56.36 万元，执行数为 56.36 万元，完成预算的 100%。
主要产出和效益是：一是完成设计方案一套、审计报告一份；二是监理、测评服务确保项目验收通过；
三是咨询设计方案满足建设要求；四是审计、监理服务保障项目实施符合规范。

8. 硚口区社会治安视频监控系统三期租用费(2021-2022 年度)项目绩效自评综述：
项目全年预算数为 1,189.35 万元，执行数为 1,189.35 万元，
完成预算的 100%。主要产出和效益是：一是保障社会治安视频监控系统三期点位与市级平台连通率
不低于 95%；二是保障社会治安视频监控系统三期点位在线率不低于 95%；
三是定期开展系统巡检工作，每月提供巡检记录，全年总计 12 份；
四是经区视频办同意并提出视频共享申请的区直部门，100%提供视频共享。

(项目支出绩效自评表及自评结果见附件)

## (三) 绩效评价结果应用情况。

在项目绩效目标编制时，根据项目自身实际情况，更为细化和个性化的设置绩效目标。在目标申报时，
业务部门需根据自身实际情况及预期可达成的目标选取适合的指标，在类似项目中加强进度管理工作。
对评价结果不同等级的项目，采用优先安排、适当安排、压缩直至不安排等方式，分类管理，分类施策。

"""

# ---------------------------------------------------------------------------------------------------
# The nine 决算 tables. Cells are separated by "|"; an empty cell is a blank printed cell. Figures are
# exactly as printed in the seed (thousands separators, "0" versus blank, trailing zeros).
# Header grids are written out in full; a cell covered by a span is left empty and the span is listed.
# Tables with function codes write their body rows as "code | name | values…": the code cell spans
# the three 类/款/项 sub-columns, since the seed prints every code in one cell (its one 05表 code that
# slipped into the 款 column, 2010350, is an export artefact and is not reproduced).
# ---------------------------------------------------------------------------------------------------

Span = tuple[tuple[int, int], tuple[int, int]]  # ((first column, first row), (last column, last row))


@dataclass(frozen=True)
class TableSpec:
    section: str  # the 第二部分 heading above the table
    title: str
    number: str  # the printed id, spelled as in the seed ("公开 01 表", "公开05表")
    header: str
    header_spans: list[Span]
    body: str
    widths: Sequence[float]  # relative column widths, scaled to the frame
    align: str  # one letter per column for body cells: L(eft, wraps) C(entre) R(ight)
    coded: bool = False  # body rows are "code | name | values…" (code spans 类/款/项)
    body_spans: list[Span] = field(default_factory=list)  # relative to the first body row
    notes: list[str] = field(default_factory=list)
    statement: str | None = None  # the publisher's "nothing to report" statement
    wide: bool = False  # landscape page


T01 = TableSpec(
    section="一、收入支出决算总表",
    title="2023 年度收入支出决算总表",
    number="公开 01 表",
    header="""
收入 | | | 支出 | |
项目 | 行次 | 金额 | 项目 | 行次 | 金额
栏次 | | 1 | 栏次 | | 2
""",
    header_spans=[((0, 0), (2, 0)), ((3, 0), (5, 0))],
    body="""
一、一般公共预算财政拨款收入 | 1 | 2,098.74 | 一、一般公共服务支出 | 32 | 261.74
二、政府性基金预算财政拨款收入 | 2 | | 二、外交支出 | 33 |
三、国有资本经营预算财政拨款收入 | 3 | | 三、国防支出 | 34 |
四、上级补助收入 | 4 | | 四、公共安全支出 | 35 |
五、事业收入 | 5 | | 五、教育支出 | 36 |
六、经营收入 | 6 | | 六、科学技术支出 | 37 |
七、附属单位上缴收入 | 7 | | 七、文化旅游体育与传媒支出 | 38 |
八、其他收入 | 8 | | 八、社会保障和就业支出 | 39 | 26.22
 | 9 | | 九、卫生健康支出 | 40 | 109.55
 | 10 | | 十、节能环保支出 | 41 |
 | 11 | | 十一、城乡社区支出 | 42 |
 | 12 | | 十二、农林水支出 | 43 |
 | 13 | | 十三、交通运输支出 | 44 |
 | 14 | | 十四、资源勘探工业信息等支出 | 45 | 1,666.02
 | 15 | | 十五、商业服务业等支出 | 46 |
 | 16 | | 十六、金融支出 | 47 |
 | 17 | | 十七、援助其他地区支出 | 48 |
 | 18 | | 十八、自然资源海洋气象等支出 | 49 |
 | 19 | | 十九、住房保障支出 | 50 | 35.21
 | 20 | | 二十、粮油物资储备支出 | 51 |
 | 21 | | 二十一、国有资本经营预算支出 | 52 |
 | 22 | | 二十二、灾害防治及应急管理支出 | 53 |
 | 23 | | 二十三、其他支出 | 54 |
 | 24 | | 二十四、债务还本支出 | 55 |
 | 25 | | 二十五、债务付息支出 | 56 |
 | 26 | | 二十六、抗疫特别国债安排的支出 | 57 |
本年收入合计 | 27 | 2,098.74 | 本年支出合计 | 58 | 2,098.74
使用非财政拨款结余 | 28 | | 结余分配 | 59 |
年初结转和结余 | 29 | | 年末结转和结余 | 60 |
 | 30 | | | 61 |
总计 | 31 | 2,098.74 | 总计 | 62 | 2,098.74
""",
    widths=[150, 30, 62, 150, 30, 62],
    align="LCRLCR",
    notes=[
        "注：1. 本表反映部门本年度的总收支和年末结转结余情况。",
        "2. 本套报表金额单位转换时可能存在尾数误差。",
        "27行=（1+2+3+4+5+6+7+8）行；31行=（27+28+29）行；",
        "58行=（32+33+…+57）行；62行=（58+59+60）行。",
    ],
)

T02 = TableSpec(
    section="二、收入决算表",
    title="2023 年度收入决算表",
    number="公开 02 表",
    header="""
项目 | | | | 本年收入合计 | 财政拨款收入 | 上级补助收入 | 事业收入 | 经营收入 | 附属单位上缴收入 | 其他收入
功能分类科目编码 | | | 科目名称 | | | | | | |
类 | 款 | 项 | 栏次 | 1 | 2 | 3 | 4 | 5 | 6 | 7
""",
    header_spans=[((0, 0), (3, 0)), ((0, 1), (2, 1))] + [((c, 0), (c, 1)) for c in range(4, 11)],
    body="""
 | 合计 | 2,098.74 | 2,098.74 | | | | |
201 | 一般公共服务支出 | 261.74 | 261.74 | | | | |
20103 | 政府办公厅（室）及相关机构事务 | 261.74 | 261.74 | | | | |
2010350 | 事业运行 | 261.74 | 261.74 | | | | |
208 | 社会保障和就业支出 | 26.22 | 26.22 | | | | |
20805 | 行政事业单位养老支出 | 26.22 | 26.22 | | | | |
2080505 | 机关事业单位基本养老保险缴费支出 | 26.22 | 26.22 | | | | |
210 | 卫生健康支出 | 109.55 | 109.55 | | | | |
21004 | 公共卫生 | 72.80 | 72.80 | | | | |
2100410 | 突发公共卫生事件应急处理 | 72.80 | 72.80 | | | | |
21011 | 行政事业单位医疗 | 36.75 | 36.75 | | | | |
2101102 | 事业单位医疗 | 14.26 | 14.26 | | | | |
2101103 | 公务员医疗补助 | 21.99 | 21.99 | | | | |
2101199 | 其他行政事业单位医疗支出 | 0.50 | 0.50 | | | | |
215 | 资源勘探工业信息等支出 | 1,666.02 | 1,666.02 | | | | |
21505 | 工业和信息产业监管 | 1,666.02 | 1,666.02 | | | | |
2150502 | 一般行政管理事务 | 1,666.02 | 1,666.02 | | | | |
221 | 住房保障支出 | 35.21 | 35.21 | | | | |
22102 | 住房改革支出 | 35.21 | 35.21 | | | | |
2210201 | 住房公积金 | 31.40 | 31.40 | | | | |
2210202 | 提租补贴 | 3.81 | 3.81 | | | | |
""",
    widths=[19, 19, 19, 132] + [46] * 7,
    align="LLLL" + "R" * 7,
    coded=True,
    notes=["注：本表反映部门本年度取得的各项收入情况。", "1 栏各行 = (2+3+4+5+6+7) 栏各行。"],
)

T03 = TableSpec(
    section="三、支出决算表",
    title="2023 年度支出决算表",
    number="公开 03 表",
    header="""
项目 | | | | 本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 | 经营支出 | 对附属单位补助支出
功能分类科目编码 | | | 科目名称 | | | | | |
类 | 款 | 项 | | 1 | 2 | 3 | 4 | 5 | 6
""",
    header_spans=[((0, 0), (3, 0)), ((0, 1), (2, 1)), ((3, 1), (3, 2))]
    + [((c, 0), (c, 1)) for c in range(4, 10)],
    body="""
 | 合计 | 2,098.74 | 348.21 | 1,750.53 | | |
201 | 一般公共服务支出 | 261.74 | 250.03 | 11.71 | | |
20103 | 政府办公厅（室）及相关机构事务 | 261.74 | 250.03 | 11.71 | | |
2010350 | 事业运行 | 261.74 | 250.03 | 11.71 | | |
208 | 社会保障和就业支出 | 26.22 | 26.22 | | | |
20805 | 行政事业单位养老支出 | 26.22 | 26.22 | | | |
2080505 | 机关事业单位基本养老保险缴费支出 | 26.22 | 26.22 | | | |
210 | 卫生健康支出 | 109.55 | 36.75 | 72.80 | | |
21004 | 公共卫生 | 72.80 | | 72.80 | | |
2100410 | 突发公共卫生事件应急处理 | 72.80 | | 72.80 | | |
21011 | 行政事业单位医疗 | 36.75 | 36.75 | | | |
2101102 | 事业单位医疗 | 14.26 | 14.26 | | | |
2101103 | 公务员医疗补助 | 21.99 | 21.99 | | | |
2101199 | 其他行政事业单位医疗支出 | 0.50 | 0.50 | | | |
215 | 资源勘探工业信息等支出 | 1,666.02 | | 1,666.02 | | |
21505 | 工业和信息产业监管 | 1,666.02 | | 1,666.02 | | |
2150502 | 一般行政管理事务 | 1,666.02 | | 1,666.02 | | |
221 | 住房保障支出 | 35.21 | 35.21 | | | |
22102 | 住房改革支出 | 35.21 | 35.21 | | | |
2210201 | 住房公积金 | 31.40 | 31.40 | | | |
2210202 | 提租补贴 | 3.81 | 3.81 | | | |
""",
    widths=[19, 19, 19, 140] + [50] * 6,
    align="LLLL" + "R" * 6,
    coded=True,
    notes=["注：本表反映部门本年度各项支出情况。", "1 栏各行 = (2+3+4+5+6) 栏各行。"],
)

T04 = TableSpec(
    section="四、财政拨款收入支出决算总表",
    title="2023 年度财政拨款收入支出决算总表",
    number="公开 04 表",
    header="""
收 入 | | | 支 出 | | | | |
项目 | 行次 | 决算数 | 项目 | 行次 | 决算数 | | |
 | | | | | 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 | 国有资本经营预算财政拨款
栏次 | | 1 | 栏次 | | 2 | 3 | 4 | 5
""",
    header_spans=[((0, 0), (2, 0)), ((3, 0), (8, 0)), ((5, 1), (8, 1))]
    + [((c, 1), (c, 2)) for c in range(5)],
    body="""
一、一般公共预算财政拨款 | 1 | 2,098.74 | 一、一般公共服务支出 | 33 | 261.74 | 261.74 | 0 | 0
二、政府性基金预算财政拨款 | 2 | 0 | 二、外交支出 | 34 | | | 0 | 0
三、国有资本经营预算财政拨款 | 3 | 0 | 三、国防支出 | 35 | | | 0 | 0
 | 4 | | 四、公共安全支出 | 36 | | | 0 | 0
 | 5 | | 五、教育支出 | 37 | | | 0 | 0
 | 6 | | 六、科学技术支出 | 38 | | | 0 | 0
 | 7 | | 七、文化旅游体育与传媒支出 | 39 | | | 0 | 0
 | 8 | | 八、社会保障和就业支出 | 40 | 26.22 | 26.22 | 0 | 0
 | 9 | | 九、卫生健康支出 | 41 | 109.55 | 109.55 | 0 | 0
 | 10 | | 十、节能环保支出 | 42 | | | 0 | 0
 | 11 | | 十一、城乡社区支出 | 43 | | | 0 | 0
 | 12 | | 十二、农林水支出 | 44 | | | 0 | 0
 | 13 | | 十三、交通运输支出 | 45 | | | 0 | 0
 | 14 | | 十四、资源勘探工业信息等支出 | 46 | 1,666.02 | 1,666.02 | 0 | 0
 | 15 | | 十五、商业服务业等支出 | 47 | | | 0 | 0
 | 16 | | 十六、金融支出 | 48 | | | 0 | 0
 | 17 | | 十七、援助其他地区支出 | 49 | | | 0 | 0
 | 18 | | 十八、自然资源海洋气象等支出 | 50 | | | 0 | 0
 | 19 | | 十九、住房保障支出 | 51 | 35.21 | 35.21 | 0 | 0
 | 20 | | 二十、粮油物资储备支出 | 52 | | | 0 | 0
 | 21 | | 二十一、国有资本经营预算支出 | 53 | | | 0 | 0
 | 22 | | 二十二、灾害防治及应急管理支出 | 54 | | | 0 | 0
 | 23 | | 二十三、其他支出 | 55 | | | 0 | 0
 | 24 | | 二十四、债务还本支出 | 56 | | | 0 | 0
 | 25 | | 二十五、债务付息支出 | 57 | | | 0 | 0
 | 26 | | 二十六、抗疫特别国债安排的支出 | 58 | | | 0 | 0
本年收入合计 | 27 | 2,098.74 | 本年支出合计 | 59 | 2,098.74 | 2,098.74 | 0 | 0
年初财政拨款结转和结余 | 28 | 0 | 年末财政拨款结转和结余 | 60 | 0 | 0 | 0 | 0
一般公共预算财政拨款 | 29 | 0 | | 61 | | | |
政府性基金预算财政拨款 | 30 | 0 | | 62 | | | |
国有资本经营预算财政拨款 | 31 | 0 | | 63 | | | |
总计 | 32 | 2,098.74 | 总计 | 64 | 2,098.74 | 2,098.74 | 0 | 0
""",
    widths=[125, 24, 44, 134, 24, 42, 42, 42, 42],
    align="LCRLCRRRR",
    notes=[
        "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的"
        "总收支和年末结转结余情况。",
        "27行=（1+2+3）行；28行=（29+30+31）行；32行=（27+28）行；",
        "59行=（33+34+…+58）行；64行=（59+60）行。",
    ],
)

T05 = TableSpec(
    section="五、一般公共预算财政拨款支出决算表",
    title="2023年度一般公共预算财政拨款支出决算表",
    number="公开05表",
    header="""
项目 | | | | 本年支出 | |
功能分类科目编码 | | | 科目名称 | 小计 | 基本支出 | 项目支出
类 | 款 | 项 | 栏次 | 1 | 2 | 3
""",
    header_spans=[((0, 0), (3, 0)), ((4, 0), (6, 0)), ((0, 1), (2, 1))],
    body="""
 | 合计 | 2,098.74 | 348.21 | 1,750.53
201 | 一般公共服务支出 | 261.74 | 250.03 | 11.71
20103 | 政府办公厅（室）及相关机构事务 | 261.74 | 250.03 | 11.71
2010350 | 事业运行 | 261.74 | 250.03 | 11.71
208 | 社会保障和就业支出 | 26.22 | 26.22 |
20805 | 行政事业单位养老支出 | 26.22 | 26.22 |
2080505 | 机关事业单位基本养老保险缴费支出 | 26.22 | 26.22 |
210 | 卫生健康支出 | 109.55 | 36.75 | 72.80
21004 | 公共卫生 | 72.80 | | 72.80
2100410 | 突发公共卫生事件应急处理 | 72.80 | | 72.80
21011 | 行政事业单位医疗 | 36.75 | 36.75 |
2101102 | 事业单位医疗 | 14.26 | 14.26 |
2101103 | 公务员医疗补助 | 21.99 | 21.99 |
2101199 | 其他行政事业单位医疗支出 | 0.50 | 0.50 |
215 | 资源勘探工业信息等支出 | 1,666.02 | | 1,666.02
21505 | 工业和信息产业监管 | 1,666.02 | | 1,666.02
2150502 | 一般行政管理事务 | 1,666.02 | | 1,666.02
221 | 住房保障支出 | 35.21 | 35.21 |
22102 | 住房改革支出 | 35.21 | 35.21 |
2210201 | 住房公积金 | 31.40 | 31.40 |
2210202 | 提租补贴 | 3.81 | 3.81 |
""",
    widths=[22, 22, 22, 175, 86, 86, 86],
    align="LLLLRRR",
    coded=True,
    notes=["注：本表反映部门本年度一般公共预算财政拨款支出情况。", "1 栏各行 = (2+3) 栏各行。"],
)

T06 = TableSpec(
    section="六、一般公共预算财政拨款基本支出决算明细表",
    title="2023 年度一般公共预算财政拨款基本支出决算明细表",
    number="公开 06 表",
    header="""
人员经费 | | | 公用经费 | | | | |
科目代码 | 科目名称 | 决算数 | 科目代码 | 科目名称 | 决算数 | 科目代码 | 科目名称 | 决算数
""",
    header_spans=[((0, 0), (2, 0)), ((3, 0), (8, 0))],
    body="""
301 | 工资福利支出 | 318.90 | 302 | 商品和服务支出 | 26.46 | 310 | 资本性支出 |
30101 | 基本工资 | 63.26 | 30201 | 办公费 | 2.25 | 31002 | 办公设备购置 |
30102 | 津贴补贴 | 19.77 | 30202 | 印刷费 | | 31003 | 专用设备购置 |
30103 | 奖金 | | 30203 | 咨询费 | | 31007 | 信息网络及软件购置更新 |
30106 | 伙食补助费 | | 30204 | 手续费 | | 31013 | 公务用车购置 |
30107 | 绩效工资 | 132.82 | 30205 | 水费 | 0.19 | 31021 | 文物和陈列品购置 |
30108 | 机关事业单位基本养老保险缴费 | 31.83 | 30206 | 电费 | 1.73 | 31022 | 无形资产购置 |
30109 | 职业年金缴费 | 2.67 | 30207 | 邮电费 | 0.28 | 31099 | 其他资本性支出 |
30110 | 职工基本医疗保险缴费 | 14.26 | 30208 | 取暖费 | | | |
30111 | 公务员医疗补助缴费 | 20.95 | 30209 | 物业管理费 | 0.46 | | |
30112 | 其他社会保障缴费 | 1.94 | 30211 | 差旅费 | 2.62 | | |
30113 | 住房公积金 | 31.40 | 30212 | 因公出国（境）费用 | | | |
30114 | 医疗费 | | 30213 | 维修（护）费 | 0.03 | | |
30199 | 其他工资福利支出 | | 30214 | 租赁费 | | | |
303 | 对个人和家庭的补助 | 2.85 | 30215 | 会议费 | | | |
30301 | 离休费 | | 30216 | 培训费 | | | |
30302 | 退休费 | 1.80 | 30217 | 公务接待费 | | | |
30303 | 退职（役）费 | | 30218 | 专用材料费 | | | |
30304 | 抚恤金 | | 30224 | 被装购置费 | | | |
30305 | 生活补助 | | 30225 | 专用燃料费 | | | |
30306 | 救济费 | | 30226 | 劳务费 | | | |
30307 | 医疗费补助 | 1.05 | 30227 | 委托业务费 | | | |
30308 | 助学金 | | 30228 | 工会经费 | 6.14 | | |
30309 | 奖励金 | | 30229 | 福利费 | 7.79 | | |
30310 | 个人农业生产补贴 | | 30231 | 公务用车运行维护费 | | | |
30311 | 代缴社会保险费 | | 30239 | 其他交通费用 | | | |
30399 | 其他对个人和家庭的补助 | | 30240 | 税金及附加费用 | | | |
 | | | 30299 | 其他商品和服务支出 | 4.97 | | |
人员经费合计 | | 321.75 | 公用经费合计 | | | | | 26.46
""",
    widths=[46, 150, 60] * 3,
    align="LLRLLRLLR",
    body_spans=[((0, 28), (1, 28)), ((3, 28), (7, 28))],
    notes=["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"],
    wide=True,
)

T07 = TableSpec(
    section="七、政府性基金预算财政拨款收入支出决算表",
    title="2023 年度政府性基金预算财政拨款收入支出决算表",
    number="公开 07 表",
    header="""
项目 | | | | 年初结转和结余 | 本年收入 | 本年支出 | | | 年末结转和结余
功能分类科目编码 | | | 科目名称 | | | 小计 | 基本支出 | 项目支出 |
类 | 款 | 项 | 栏次 | 1 | 2 | 3 | 4 | 5 | 6
""",
    header_spans=[((0, 0), (3, 0)), ((6, 0), (8, 0)), ((0, 1), (2, 1))]
    + [((c, 0), (c, 1)) for c in (4, 5, 9)],
    body="""
 | 合计 | | | | | |
""",
    widths=[19, 19, 19, 130] + [54] * 6,
    align="LLLLRRRRRR",
    coded=True,
    notes=[
        "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
        "6 栏各行 = (1+2-3) 栏各行；3 栏各行 = (4+5) 栏各行。",
    ],
    statement="说明：本部门当年无政府性基金预算财政拨款收入支出。",
)

T08 = TableSpec(
    section="八、国有资本经营预算财政拨款支出决算表",
    title="2023 年度国有资本经营预算财政拨款支出决算表",
    number="公开 08 表",
    header="""
项目 | | | | 本年支出 | |
功能分类科目编码 | | | 科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | 项 | 栏次 | 1 | 2 | 3
""",
    header_spans=[((0, 0), (3, 0)), ((4, 0), (6, 0)), ((0, 1), (2, 1))],
    body="""
 | 合计 | | |
""",
    widths=[22, 22, 22, 175, 86, 86, 86],
    align="LLLLRRR",
    coded=True,
    notes=["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "1 栏各行 = (2+3) 栏各行。"],
    statement="说明：本部门当年无国有资本经营预算财政拨款支出。",
)

_THREE_PUBLIC_HEAD = "合计 | 因公出国(境)费 | 公务用车购置及运行维护费 | | | 公务接待费"
T09 = TableSpec(
    section="九、财政拨款“三公”经费支出决算表",
    title="2023 年度财政拨款“三公”经费支出决算表",
    number="公开 09 表",
    header=f"""
预算数 | | | | | | 决算数 | | | | |
{_THREE_PUBLIC_HEAD} | {_THREE_PUBLIC_HEAD}
 | | 小计 | 公务用车购置费 | 公务用车运行维护费 | | | | 小计 | 公务用车购置费 | 公务用车运行维护费 |
1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12
""",
    header_spans=[((0, 0), (5, 0)), ((6, 0), (11, 0)), ((2, 1), (4, 1)), ((8, 1), (10, 1))]
    + [((c, 1), (c, 2)) for c in (0, 1, 5, 6, 7, 11)],
    body="""
0.81 | | | | | 0.81 | | | | | |
""",
    widths=[1] * 12,
    align="R" * 12,
    notes=[
        "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
        "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
        "1 栏 = (2+3+6) 栏；3 栏 = (4+5) 栏；7 栏 = (8+9+12) 栏；9 栏 = (10+11) 栏。",
    ],
    statement="说明：本部门 2023 年度无财政拨款“三公”经费支出。",
    wide=True,
)

TABLES = [T01, T02, T03, T04, T05, T06, T07, T08, T09]

# ---------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------

PORTRAIT = A4
LANDSCAPE = landscape(A4)


def _style(name: str, size: float, leading: float, align: int = TA_LEFT, **kw: float) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=FONT, fontSize=size, leading=leading, alignment=align, wordWrap="CJK", **kw
    )


S_COVER = _style("cover", 22, 34, TA_CENTER)
S_COVER_DATE = _style("cover-date", 16, 24, TA_CENTER)
S_CONTENTS = _style("contents", 20, 30, TA_CENTER, spaceAfter=18)
S_TOC_PART = _style("toc-part", 12.5, 22, spaceBefore=6)
S_TOC_ITEM = _style("toc-item", 12, 20, leftIndent=28)
S_PART = _style("part", 16, 26, TA_CENTER, spaceBefore=4, spaceAfter=14)
S_H1 = _style("h1", 13.5, 24, firstLineIndent=27, spaceBefore=6, spaceAfter=2)
S_H2 = _style("h2", 12.5, 22, firstLineIndent=25, spaceBefore=2)
S_BODY = _style("body", 12, 22, firstLineIndent=24, spaceAfter=2)
S_TABLE_SECTION = _style("table-section", 13, 20, spaceAfter=6)
S_TABLE_TITLE = _style("table-title", 15, 22, TA_CENTER, spaceAfter=2)
S_TABLE_NUMBER = _style("table-number", 9.5, 13, TA_RIGHT)
S_NOTE = _style("note", 8.5, 12.5, spaceBefore=1)
S_STATEMENT = _style("statement", 10.5, 16, spaceBefore=8)
S_HEAD_CELL = _style("head-cell", 8.5, 10.5, TA_CENTER)
S_BODY_CELL = _style("body-cell", 8.5, 10.5)

CELL_FONT_SIZE = 8.5
GRID_WIDTH = 0.6
BOX_WIDTH = 1.0


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def _grid(block: str) -> list[list[str]]:
    return [_cells(line) for line in block.strip("\n").splitlines()]


def _paragraphs(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) per blank-line-separated block; kind is "h1", "h2" or "p"."""
    for block in text.strip("\n").split("\n\n"):
        joined = "".join(block.splitlines())
        if joined.startswith("## "):
            yield "h2", joined[3:]
        elif joined.startswith("# "):
            yield "h1", joined[2:]
        else:
            yield "p", joined


class LeftRight(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """One text line with a left part and a right-aligned part (部门：… / 金额单位：万元)."""

    def __init__(self, left: str, right: str, size: float = 9.5) -> None:
        super().__init__()
        self.left, self.right, self.size = left, right, size

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.7

    def draw(self) -> None:
        self.canv.setFont(FONT, self.size)
        self.canv.drawString(0, self.size * 0.45, self.left)
        self.canv.drawRightString(self.width, self.size * 0.45, self.right)


def _body_rows(spec: TableSpec) -> list[list[str]]:
    rows = _grid(spec.body)
    if spec.coded:  # "code | name | values…" → code, (款), (项), name, values…
        rows = [[row[0], "", "", *row[1:]] for row in rows]
    return rows


def _table(spec: TableSpec, frame_width: float) -> Table:
    """One ruled table: every cell boxed, so that line-based table finders see the grid."""
    header = _grid(spec.header)
    body = _body_rows(spec)
    ncols = len(spec.widths)
    for row in header + body:
        assert len(row) == ncols, (spec.number, row)
    assert len(spec.align) == ncols, spec.number

    data: list[list[object]] = [[_para(c, S_HEAD_CELL) if c else "" for c in row] for row in header]
    for row in body:
        cells: list[object] = []
        for col, text in enumerate(row):
            if spec.align[col] == "L" and text and not text.isdigit():
                cells.append(_para(text, S_BODY_CELL))  # names wrap within their column
            else:
                cells.append(text)
        data.append(cells)

    scale = frame_width / sum(spec.widths)
    nhead = len(header)
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_FONT_SIZE),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, nhead - 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for col, how in enumerate(spec.align):
        align = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}[how]
        style.append(("ALIGN", (col, nhead), (col, -1), align))
    for (c0, r0), (c1, r1) in spec.header_spans:
        style.append(("SPAN", (c0, r0), (c1, r1)))
    body_spans = list(spec.body_spans)
    if spec.coded:
        body_spans += [((0, r), (2, r)) for r in range(len(body))]
    for (c0, r0), (c1, r1) in body_spans:
        style.append(("SPAN", (c0, nhead + r0), (c1, nhead + r1)))
    return Table(
        data,
        colWidths=[w * scale for w in spec.widths],
        repeatRows=nhead,  # a table that runs over a page repeats its header rows
        style=TableStyle(style),
        hAlign="CENTER",
    )


def _table_section(spec: TableSpec, frame_width: float, first: bool) -> list[Flowable]:
    flow: list[Flowable] = [NextPageTemplate("landscape" if spec.wide else "table"), PageBreak()]
    if first:
        flow.append(_para(PART2, S_PART))
    flow += [
        _para(spec.section, S_TABLE_SECTION),
        _para(spec.title, S_TABLE_TITLE),
        _para(spec.number, S_TABLE_NUMBER),
        LeftRight(DEPT_LINE, UNIT_LINE),
        _table(spec, frame_width),
        Spacer(1, 4),
    ]
    flow += [_para(note, S_NOTE) for note in spec.notes]
    if spec.statement:
        flow.append(_para(spec.statement, S_STATEMENT))
    return flow


def _narrative(text: str) -> list[Flowable]:
    styles = {"h1": S_H1, "h2": S_H2, "p": S_BODY}
    return [_para(body, styles[kind]) for kind, body in _paragraphs(text)]


TEXT_MARGIN = 72.0
TABLE_MARGIN = 38.0


def _frame(page: tuple[float, float], side: float, top: float) -> Frame:
    width, height = page
    return Frame(side, top, width - 2 * side, height - 2 * top, 0, 0, 0, 0, id=None)


def _footer(canvas: Canvas, _doc: BaseDocTemplate) -> None:
    page = canvas.getPageNumber()
    if page == 1:  # no folio on the cover
        return
    width = canvas._pagesize[0]
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(width / 2, 24, f"- {page} -")
    canvas.restoreState()


def story() -> list[Flowable]:
    table_width = PORTRAIT[0] - 2 * TABLE_MARGIN
    wide_width = LANDSCAPE[0] - 2 * TABLE_MARGIN
    flow: list[Flowable] = [
        Spacer(1, 190),
        _para(TITLE, S_COVER),
        Spacer(1, 300),
        _para(PUBLISHED, S_COVER_DATE),
        NextPageTemplate("text"),
        PageBreak(),
        _para("目 录", S_CONTENTS),
    ]
    for part, items in CONTENTS:
        flow.append(_para(part, S_TOC_PART))
        flow += [_para(item, S_TOC_ITEM) for item in items]
    flow += [PageBreak(), _para(PART1, S_PART), *_narrative(PART1_TEXT)]
    for i, spec in enumerate(TABLES):
        flow += _table_section(spec, wide_width if spec.wide else table_width, first=i == 0)
    flow += [NextPageTemplate("text"), PageBreak(), _para(PART3, S_PART), *_narrative(PART3_TEXT)]
    return flow


def build(out: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    doc = BaseDocTemplate(
        str(out),
        pagesize=PORTRAIT,
        title=TITLE,
        author=ORG,
        subject=f"示例文件：依据种子文档 {SEED} 的数据生成（第一至第三部分）",
        creator="disclosure-pipeline samples/generate.py",
        keywords=["部门决算", "2023", ORG, "sample"],
        invariant=1,
        lang="zh-CN",
        initialFontName=FONT,
        initialFontSize=12,
    )
    doc.addPageTemplates(
        [
            PageTemplate("cover", [_frame(PORTRAIT, TEXT_MARGIN, TEXT_MARGIN)], pagesize=PORTRAIT),
            PageTemplate("text", [_frame(PORTRAIT, TEXT_MARGIN, TEXT_MARGIN)], _footer, pagesize=PORTRAIT),
            PageTemplate("table", [_frame(PORTRAIT, TABLE_MARGIN, 48)], _footer, pagesize=PORTRAIT),
            PageTemplate("landscape", [_frame(LANDSCAPE, TABLE_MARGIN, 40)], _footer, pagesize=LANDSCAPE),
        ]
    )
    # Reproducible bytes: invariant mode fixes the document id; SOURCE_DATE_EPOCH fixes the dates.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(CREATED))
    try:
        doc.build(story())
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output PDF (default: {DEFAULT_OUT.name})"
    )
    args = parser.parse_args(argv)
    build(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
