"""Reports: streamed CSV exports of claims, verdicts, sources and the audit log."""
