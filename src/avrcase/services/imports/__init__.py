"""Importing an office's existing caseload from spreadsheets (issue #17).

``fields`` names the columns avrcase understands, ``values`` reads a cell in any of the ways offices
write it, ``sheet`` reads XLSX and CSV files, ``plan`` maps and validates every row (the dry run), and
``run`` writes the valid cases; ``template`` writes the blank template and the flat case sheet of an export.
"""
