"""Writers for data that leaves the app: CSV now; XLSX and PDF statistics with issue #6."""
