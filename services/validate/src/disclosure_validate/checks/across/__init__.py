"""Across tables (SPEC §3.2, X-xx): one quantity printed in two tables of the same document,
and the item tables (采购, 资产配置, I-19) against their projects."""
