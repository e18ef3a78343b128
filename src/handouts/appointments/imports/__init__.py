"""Reading schedules as practice systems export them: CSV, Excel, HL7 v2 SIU, FHIR R4.

Each format module turns a file into `SourceRecord`s (records.py); the clinic's mapping in
handouts.yaml (mapping.py) and one resolver (resolve.py) turn those into appointments, skips,
cancellations and row errors, with the same privacy rules whatever the format.
"""
