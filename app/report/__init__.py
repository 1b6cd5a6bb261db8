"""Rendering the annual report (analysis/report) to PDF, Excel, HTML and Markdown, and the
`stsgraph report` command and `/reports/annual` route that produce it (docs/reports.md)."""
