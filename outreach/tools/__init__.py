"""Editors' and the plan office's tools: bulk import, spreadsheet exports and the plan-target
dashboard. The import format is described in DESIGN.md ("Import file") and importer.py."""
