"""The upload form of /imports: a file, its format (or told from its name), and skip-bad."""

from __future__ import annotations

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from flask_wtf.file import FileField  # type: ignore[import-untyped]
from wtforms import BooleanField, SelectField  # type: ignore[import-untyped]

from tracker.services.imports.jobs import FORMAT_LABELS

FORMAT_CHOICES = [("auto", "Tell from the file name"), *FORMAT_LABELS.items()]


class ImportForm(FlaskForm):  # type: ignore[misc]
    """Upload a file to import in the background."""

    file = FileField("File")
    format = SelectField("Format", choices=FORMAT_CHOICES, default="auto",
                         validate_choice=False)  # the service names a wrong one, with the field
    skip_bad = BooleanField("Skip bad records: store the good ones and list the bad "
                            "(otherwise one bad record imports nothing)")
