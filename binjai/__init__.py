"""Shared code of the Binjai Smart City dashboard: settings, reference data, query layer, formats and UI parts."""
