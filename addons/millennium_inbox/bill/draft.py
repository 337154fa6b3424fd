"""The bill being made, passed from rule to rule."""

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class BillDraft:
    """What the rules build: `vals` of the move's header, `line_vals` of its
    lines (when the bill is not filled by Odoo's decoder), the notes written
    in the bill's history, and the move once created."""

    document: object
    journal: object
    vals: dict = field(default_factory=dict)
    line_vals: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    partner: object = None
    currency: object = None
    refund: bool = False
    move: object = None
    existing: object = None  # the bill the same invoice already has
    decoded: bool = False  # Odoo's decoder filled the move from the XML
    attachment: object = None  # the scan's copy on the bill
    lines_note: object = None  # why the lines are what they are

    @property
    def env(self):
        return self.document.env

    def note(self, text):
        if text:
            self.notes.append(text)

    def history(self):
        """The notes as one block of the bill's history."""
        return Markup("<br/>").join(self.notes) if self.notes else ""


class Rule:
    """A step of the bill. `prepare` runs before the move exists, `complete`
    after; both do nothing unless a rule says otherwise."""

    def prepare(self, draft):
        pass

    def complete(self, draft):
        pass
