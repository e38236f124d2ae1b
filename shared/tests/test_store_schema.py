from disclosure_shared.records import DocumentInfo
from disclosure_shared.store_schema import is_related, related_query

BUDGET = DocumentInfo(kind="budget", year=2024, organization="中共江苏省委办公厅")


def test_related_query_selects_both_printed_names_this_year_and_last_but_not_itself() -> None:
    query = related_query(BUDGET, exclude="a" * 64)
    assert query == {
        "document.organization": {"$in": ["江苏省委办公厅", "中共江苏省委办公厅"]},
        "document.year": {"$in": [2024, 2023]},
        "_id": {"$ne": "a" * 64},
    }
    assert related_query(BUDGET.model_copy(update={"year": None}), exclude="a" * 64) is None
    assert related_query(BUDGET.model_copy(update={"organization": None}), exclude="a" * 64) is None


def test_is_related_agrees_with_the_query() -> None:
    narrative = DocumentInfo(kind="final_accounts", year=2023, organization="江苏省委办公厅")
    assert is_related(BUDGET, narrative)  # last year's, under the name without 中共
    assert not is_related(narrative, BUDGET)  # next year's is not related
    assert not is_related(BUDGET, narrative.model_copy(update={"organization": "江苏省政协办公厅"}))
