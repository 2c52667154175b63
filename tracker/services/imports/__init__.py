"""Imports started from the upload page: jobs, their background run, live progress and cancel.

``jobs`` stores an uploaded file and its job row and reads them back for the pages; ``runner``
runs one job through ``services.data.importers.run_import`` (the function the web process's
thread and the RQ worker both call); ``progress`` keeps a running job's progress and its cancel
request in small files beside the upload, readable by every process on any database.
"""
