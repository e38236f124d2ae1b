"""Performance tables (绩效目标表, 项目申报表, 自评表): I-21…I-27, X-10, X-14, X-16, N-13, N-18."""
