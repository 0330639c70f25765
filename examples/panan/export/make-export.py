#!/usr/bin/env python3
"""Writes the Pan'an example's records the way a county 执法系统 exports them, to show (and test) that a mapping
profile reads such a file back to exactly the records of `records-2025.jsonl`:

- `执法系统导出.xlsx`, written by openpyxl: a title row merged over the columns, the column names in row 2, a 序号
  column, agency, inspector and item names instead of ids, the enterprise by name and by USCC (lists joined with 、), Chinese labels and
  the export's own words for enumerations (行政检查, 现场检查, 双随机抽查), √/× for true/false, start and end as
  Excel date-time cells, approval times as Chinese text (2025年1月16日 19:34) and penalty dates as bare Excel serial
  numbers;
- `执法系统导出-gb18030.csv` (what Excel on Chinese Windows writes as "CSV (逗号分隔)") and
  `执法系统导出-utf8bom.csv` (Excel's "CSV UTF-8"), the same table as text;
- `records-2025.parquet`, written by pyarrow as a data platform writes it: the contract's field names (the CSV
  mapping's columns), lists as list<string>, times as timestamps in Asia/Shanghai, dates as dates, booleans.

`执法系统导出-libreoffice.xlsx` is the openpyxl workbook opened and saved again by LibreOffice
(`libreoffice --headless --convert-to xlsx --outdir /tmp/lo 执法系统导出.xlsx`), as a county clerk's copy would be.

The profile that reads them is `profile.toml` beside them. Run with openpyxl installed (the tests use the files as
committed; this script is how they were made):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openpyxl==3.1.5 pyarrow==22.0.0
    /tmp/venv/bin/python examples/panan/export/make-export.py
"""
import csv
import datetime as dt
import io
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
panan = os.path.dirname(here)


def load(name):
    with open(os.path.join(panan, name), encoding="utf-8") as f:
        return {x["id"]: x for x in json.load(f)}


agencies, inspectors, enterprises, items = (load(f"{n}.json") for n in ("agencies", "inspectors", "enterprises", "items"))
ACTIVITY = {"inspection": "行政检查", "observation": "观摩", "supervision": "督导", "study-visit": "考察", "visit": "走访"}
TRIGGER = {"plan": "计划检查", "special": "专项检查", "random-sampling": "双随机抽查", "complaint": "投诉举报",
           "referral": "上级交办", "data-monitoring": "数据监测", "patrol": "巡查发现", "enterprise-request": "企业申请"}
MODE = {"on-site": "现场检查", "off-site": "非现场检查"}
URGENCY = {"temporary": "临时性检查", "four-no-two-direct": "四不两直", "covert": "暗查暗访"}
EXEMPTION = {"not-public-by-law": "依法不予公开", "unsuitable": "不适宜事先通知"}
MEASURE = {"seal": "查封", "seize": "扣押", "freeze": "冻结", "suspend": "责令停产停业"}
HARM = {"none": "无", "minor": "轻微", "serious": "严重"}

COLUMNS = ["序号", "检查编号", "检查类别", "检查来源", "检查方式", "计划编号", "实施机关", "联合检查单位", "委托机关",
           "受委托组织", "执法人员", "检查对象", "统一社会信用代码", "检查开始时间", "检查结束时间", "检查事项", "审批时间", "行政行为码",
           "赋码时间", "紧急检查类型", "书面通知时间", "通知载明时间", "通知载明依据", "通知载明目的", "通知载明内容",
           "免予通知情形", "收受礼品", "接受宴请", "企业承担费用", "指定中介", "要求法定代表人到场", "强制措施",
           "处罚决定日期", "首违", "轻微", "及时改正", "危害后果", "回访日期", "行业数据", "备注"]


def wall(t):
    """An RFC 3339 time of the example (all +08:00, whole minutes) as a wall-clock datetime."""
    assert t.endswith("+08:00"), t
    return dt.datetime.fromisoformat(t[:19])


def zh_time(t):
    w = wall(t)
    return f"{w.year}年{w.month}月{w.day}日 {w.hour}:{w.minute:02d}"


def serial(day):
    return (dt.date.fromisoformat(day) - dt.date(1899, 12, 30)).days


def tick(v):
    return None if v is None else ("√" if v else "×")


def names(ids, table):
    return "、".join(table[i]["name"] for i in ids) if ids else None


def row(n, r):
    notice = r.get("notice") or {}
    conduct = r.get("conduct") or {}
    penalty = r.get("penalty") or {}
    get = lambda k: agencies[r[k]]["name"] if r.get(k) else None
    measures = "；".join(f"{MEASURE[m['kind']]}:{m['legal_basis'] or ''}".rstrip(":") for m in r.get("measures") or []) or None
    return [
        n, r["id"], ACTIVITY[r["activity"]], TRIGGER[r["trigger"]], MODE[r["mode"]], r.get("plan"),
        get("lead_agency"), names(r.get("joint_agencies"), agencies), get("delegated_by"), get("entrusted_agency"),
        names(r["inspectors"], inspectors), enterprises.get(r["enterprise"], {}).get("name", ""), r["enterprise"],
        wall(r["started_at"]), wall(r["ended_at"]), names(r.get("items"), items),
        zh_time(r["approval"]["approved_at"]) if r.get("approval") else None,
        r.get("code"), zh_time(r["code_assigned_at"]) if r.get("code_assigned_at") else None,
        URGENCY[r["urgency"]["kind"]] if r.get("urgency") else None,
        zh_time(notice["sent_at"]) if notice.get("sent_at") else None,
        tick(notice.get("time")), tick(notice.get("basis")), tick(notice.get("purpose")), tick(notice.get("content")),
        EXEMPTION.get(r.get("notice_exemption")),
        tick(conduct.get("gifts")), tick(conduct.get("hospitality")), tick(conduct.get("expenses_charged")),
        tick(conduct.get("designated_intermediary")), tick(conduct.get("legal_rep_required")), measures,
        serial(penalty["decided_on"]) if penalty.get("decided_on") else None,
        tick(penalty.get("first_offense")), tick(penalty.get("minor")), tick(penalty.get("corrected")),
        HARM.get(penalty.get("harm")),
        serial(penalty["return_visit_on"]) if penalty.get("return_visit_on") else None,
        json.dumps(r["sector_data"], ensure_ascii=False, separators=(",", ":")) if r.get("sector_data") else None,
        None,
    ]


def main():
    with open(os.path.join(panan, "records-2025.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    rows = [row(n, r) for n, r in enumerate(records, 1)]
    title = "磐安县涉企行政检查台账（2025年）"

    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "检查台账"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    for c in (14, 15):
        for cell in ws.iter_cols(min_col=c, max_col=c, min_row=3):
            for x in cell:
                x.number_format = "yyyy-mm-dd hh:mm"
    wb.properties.creator = "执法监管平台"
    wb.properties.created = dt.datetime(2026, 1, 5, 9, 0, 0)
    wb.properties.modified = dt.datetime(2026, 1, 5, 9, 0, 0)
    wb.save(os.path.join(here, "执法系统导出.xlsx"))

    def text(v):
        if v is None:
            return ""
        if isinstance(v, dt.datetime):
            return f"{v.year}/{v.month}/{v.day} {v.hour}:{v.minute:02d}"
        return str(v)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([title] + [""] * (len(COLUMNS) - 1))
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([text(v) for v in r])
    with open(os.path.join(here, "执法系统导出-gb18030.csv"), "wb") as f:
        f.write(buf.getvalue().encode("gb18030"))
    with open(os.path.join(here, "执法系统导出-utf8bom.csv"), "wb") as f:
        f.write(buf.getvalue().encode("utf-8-sig"))
    parquet(records)
    print(f"{len(rows)} rows written to {here}")


def parquet(records):
    import pyarrow as pa
    import pyarrow.parquet as pq

    tz = dt.timezone(dt.timedelta(hours=8))
    ts = pa.timestamp("s", tz="Asia/Shanghai")
    time = lambda t: dt.datetime.fromisoformat(t).astimezone(tz) if t else None
    day = lambda d: dt.date.fromisoformat(d) if d else None
    sub = lambda r, k, f: (r.get(k) or {}).get(f)
    cols = {
        "id": (pa.string(), lambda r: r["id"]),
        "activity": (pa.string(), lambda r: r["activity"]),
        "trigger": (pa.string(), lambda r: r["trigger"]),
        "plan": (pa.string(), lambda r: r.get("plan")),
        "mode": (pa.string(), lambda r: r["mode"]),
        "lead_agency": (pa.string(), lambda r: r["lead_agency"]),
        "joint_agencies": (pa.list_(pa.string()), lambda r: r.get("joint_agencies") or []),
        "delegated_by": (pa.string(), lambda r: r.get("delegated_by")),
        "entrusted_agency": (pa.string(), lambda r: r.get("entrusted_agency")),
        "inspectors": (pa.list_(pa.string()), lambda r: r["inspectors"]),
        "enterprise": (pa.string(), lambda r: r["enterprise"]),
        "started_at": (ts, lambda r: time(r["started_at"])),
        "ended_at": (ts, lambda r: time(r["ended_at"])),
        "items": (pa.list_(pa.string()), lambda r: r.get("items") or []),
        "approval.approved_at": (ts, lambda r: time(sub(r, "approval", "approved_at"))),
        "code": (pa.string(), lambda r: r.get("code")),
        "code_assigned_at": (ts, lambda r: time(r.get("code_assigned_at"))),
        "urgency.kind": (pa.string(), lambda r: sub(r, "urgency", "kind")),
        "notice.sent_at": (ts, lambda r: time(sub(r, "notice", "sent_at"))),
        **{f"notice.{k}": (pa.bool_(), (lambda k: lambda r: sub(r, "notice", k))(k)) for k in ("time", "basis", "purpose", "content")},
        "notice_exemption": (pa.string(), lambda r: r.get("notice_exemption")),
        **{f"conduct.{k}": (pa.bool_(), (lambda k: lambda r: sub(r, "conduct", k))(k))
           for k in ("gifts", "hospitality", "expenses_charged", "designated_intermediary", "legal_rep_required")},
        "measures": (pa.string(), lambda r: ";".join(f"{m['kind']}:{m['legal_basis'] or ''}".rstrip(":") for m in r.get("measures") or []) or None),
        "penalty.decided_on": (pa.date32(), lambda r: day(sub(r, "penalty", "decided_on"))),
        **{f"penalty.{k}": (pa.bool_(), (lambda k: lambda r: sub(r, "penalty", k))(k)) for k in ("first_offense", "minor", "corrected")},
        "penalty.harm": (pa.string(), lambda r: sub(r, "penalty", "harm")),
        "penalty.return_visit_on": (pa.date32(), lambda r: day(sub(r, "penalty", "return_visit_on"))),
        "sector_data": (pa.string(), lambda r: json.dumps(r["sector_data"], ensure_ascii=False) if r.get("sector_data") else None),
    }
    table = pa.table({k: pa.array([f(r) for r in records], type=t) for k, (t, f) in cols.items()})
    pq.write_table(table, os.path.join(here, "records-2025.parquet"), compression="snappy")


main()
