"""What each audit event means, in words, for the log review (never the dotted code)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DESCRIPTIONS = {
    # Accounts
    "accounts.invitation.resend": gettext_lazy("Sent an invitation again"),
    "accounts.login.fail": gettext_lazy("Failed login"),
    "accounts.login.lockout": gettext_lazy("Login locked after too many failed attempts"),
    "accounts.login.success": gettext_lazy("Logged in"),
    "accounts.membership.create": gettext_lazy("Gave a role"),
    "accounts.membership.delete": gettext_lazy("Removed a role"),
    "accounts.password.change": gettext_lazy("Changed the password"),
    "accounts.recovery_codes.create": gettext_lazy("Created new recovery codes"),
    "accounts.role_grant.approve": gettext_lazy("Approved a role"),
    "accounts.role_grant.reject": gettext_lazy("Turned down a role"),
    "accounts.role_grant.request": gettext_lazy("Asked for a role that needs approval"),
    "accounts.session.end": gettext_lazy("Logged out or the session ended"),
    "accounts.totp.enrol": gettext_lazy("Set up two-step verification"),
    "accounts.totp.reset": gettext_lazy("Removed a user's authenticator"),
    "accounts.user.create": gettext_lazy("Created a user account"),
    "accounts.user.create_refused": gettext_lazy(
        "Tried to create an account with an address in use elsewhere"
    ),
    "accounts.user.deactivate": gettext_lazy("Deactivated an account"),
    "accounts.user.reactivate": gettext_lazy("Reactivated an account"),
    "api.token.create": gettext_lazy("Created an API token"),
    "api.token.revoke": gettext_lazy("Revoked an API token"),
    "audit.review.signoff": gettext_lazy("Signed off a period of the log"),
    "core.demo.seed": gettext_lazy("Loaded the demo data"),
    "core.keys.rotate": gettext_lazy("Re-encrypted data with a new key"),
    "core.permission.deny": gettext_lazy("Was refused access"),
    # The defector programme
    "defectors.agreement.create": gettext_lazy("Recorded an agreement"),
    "defectors.agreement.follow_up": gettext_lazy("Followed up an agreement condition"),
    "defectors.agreement.view": gettext_lazy("Read the agreement"),
    "defectors.case.close": gettext_lazy("Closed a case"),
    "defectors.case.create": gettext_lazy("Registered a new case"),
    "defectors.case.legal_hold": gettext_lazy("Set or cleared a legal hold"),
    "defectors.case.list": gettext_lazy("Listed cases"),
    "defectors.case.reopen": gettext_lazy("Reopened a case"),
    "defectors.case.status": gettext_lazy("Changed a case's status"),
    "defectors.case.view": gettext_lazy("Opened a case"),
    "defectors.consent.create": gettext_lazy("Recorded a consent"),
    "defectors.consent.list": gettext_lazy("Read the consents"),
    "defectors.consent.withdraw": gettext_lazy("Recorded that a consent was withdrawn"),
    "defectors.contact.create": gettext_lazy("Added a contact detail of the person"),
    "defectors.contact.delete": gettext_lazy("Removed a contact detail of the person"),
    "defectors.disclosure.create": gettext_lazy("Recorded a disclosure to another agency"),
    "defectors.document.create": gettext_lazy("Added a document"),
    "defectors.document.list": gettext_lazy("Listed the documents"),
    "defectors.document.view": gettext_lazy("Opened a document"),
    "defectors.emergency.grant": gettext_lazy("Opened a case by emergency access"),
    "defectors.emergency.note": gettext_lazy("Wrote a note during emergency access"),
    "defectors.emergency.refuse": gettext_lazy("Was refused emergency access"),
    "defectors.extract.create": gettext_lazy("Produced a register extract"),
    "defectors.extract.view": gettext_lazy("Read a register extract"),
    "defectors.intervention.create": gettext_lazy("Added an intervention"),
    "defectors.intervention.update": gettext_lazy("Changed an intervention"),
    "defectors.intervention.view": gettext_lazy("Read an intervention"),
    "defectors.journal.correct": gettext_lazy("Corrected a signed journal entry"),
    "defectors.journal.create": gettext_lazy("Wrote a journal entry"),
    "defectors.journal.delete": gettext_lazy("Deleted a journal draft"),
    "defectors.journal.list": gettext_lazy("Read the journal"),
    "defectors.journal.sign": gettext_lazy("Signed a journal entry"),
    "defectors.journal.update": gettext_lazy("Changed a journal draft"),
    "defectors.journal.view": gettext_lazy("Read a journal entry"),
    "defectors.legal_hold.view": gettext_lazy("Read the retention and legal hold"),
    "defectors.mapping.update": gettext_lazy("Changed the threat and needs mapping"),
    "defectors.mapping.view": gettext_lazy("Read the threat and needs mapping"),
    "defectors.emergency.follow_up": gettext_lazy("Followed up the unit's emergency accesses"),
    "defectors.duplicate.decide": gettext_lazy("Decided on an intake whose person was registered"),
    "defectors.duplicate.view": gettext_lazy("Read the earlier cases of a person at intake"),
    "defectors.person.duplicate_check": gettext_lazy("Checked whether a person is registered"),
    "defectors.person.identify": gettext_lazy("Recorded the person's identity"),
    "defectors.person.reveal": gettext_lazy("Showed a protected identity"),
    "defectors.person.update": gettext_lazy("Changed the person's details"),
    "defectors.person.view": gettext_lazy("Read the person's details"),
    "defectors.plan.update": gettext_lazy("Changed the support plan"),
    "defectors.plan.view": gettext_lazy("Read the support plan"),
    "defectors.retention.list": gettext_lazy("Read the retention overview"),
    "defectors.retention.run": gettext_lazy("Deleted closed cases due for retention"),
    "defectors.risk_analysis.create": gettext_lazy("Recorded a risk analysis"),
    "defectors.statistics.export": gettext_lazy("Downloaded statistics"),
    "defectors.statistics.view": gettext_lazy("Read statistics"),
    "defectors.task.create": gettext_lazy("Added a task"),
    "defectors.task.done": gettext_lazy("Marked a task done"),
    "defectors.task.list": gettext_lazy("Read the case's tasks"),
    "defectors.task.my_list": gettext_lazy("Read their own tasks"),
    "defectors.task.remind": gettext_lazy("A task reminder was sent"),
    "defectors.task.reopen": gettext_lazy("Reopened a task"),
    "defectors.team.add": gettext_lazy("Added someone to a case team"),
    "defectors.team.decide": gettext_lazy("Decided a case's team"),
    "defectors.team.remove": gettext_lazy("Took someone off a case team"),
    "defectors.team.view": gettext_lazy("Read a case's team"),
    # The prevention cycle
    "prevention.import.finish": gettext_lazy("Imported a file of indicator values"),
    "prevention.import.upload": gettext_lazy("Uploaded a file of indicator values"),
    "prevention.mapping.save": gettext_lazy("Saved a column mapping for imports"),
    "prevention.problem.add": gettext_lazy("Added a problem to a situational picture"),
    "prevention.problem.remove": gettext_lazy("Removed a problem from a situational picture"),
    "prevention.situation.adopt": gettext_lazy("Registered the adoption of a situational picture"),
    "prevention.situation.create": gettext_lazy("Started a situational picture"),
    "prevention.situation.update": gettext_lazy("Changed a situational picture"),
    "prevention.situation.version": gettext_lazy("Started a new version of a situational picture"),
    "prevention.place.create": gettext_lazy("Added a place for place reports"),
    "prevention.report.create": gettext_lazy("Made a place report (EST)"),
    "prevention.indicator.create": gettext_lazy("Created an indicator"),
    "prevention.indicator.update": gettext_lazy("Changed an indicator"),
    "prevention.values.import": gettext_lazy("Imported an indicator's values"),
    "prevention.values.save": gettext_lazy("Entered an indicator's values"),
    # The safety fund
    "fund.application.create": gettext_lazy("Started an application"),
    "fund.application.reopen": gettext_lazy("Opened an application for a late submission"),
    "fund.application.status": gettext_lazy("Changed an application's status"),
    "fund.application.update": gettext_lazy("Saved an application"),
    "fund.attachment.create": gettext_lazy("Attached a file"),
    "fund.attachment.delete": gettext_lazy("Removed an attached file"),
    "fund.call.save": gettext_lazy("Saved a call"),
    "fund.decision.create": gettext_lazy("Registered a decision"),
    "fund.fund_year.save": gettext_lazy("Saved a fund year"),
    "fund.ledger.return": gettext_lazy("Registered returned money"),
    "fund.payment.approve": gettext_lazy("Approved a payment"),
    "fund.payment.reject": gettext_lazy("Turned down a payment request"),
    "fund.payment.request": gettext_lazy("Asked for a payment"),
    "fund.report.approve": gettext_lazy("Approved a follow-up report"),
    "fund.report.return": gettext_lazy("Asked for more in a follow-up report"),
    "fund.report.submit": gettext_lazy("Submitted a follow-up report"),
    "fund.report.update": gettext_lazy("Saved a follow-up report"),
    "fund.review.assign": gettext_lazy("Assigned a reviewer"),
    "fund.review.declare": gettext_lazy("Declared conflict of interest or none"),
    "fund.review.submit": gettext_lazy("Submitted a review"),
    "organisations.district.create": gettext_lazy("Added a district"),
    "organisations.district.update": gettext_lazy("Changed a district"),
    "organisations.organisation.create": gettext_lazy("Added an organisation"),
}


def describe(action: str) -> str:
    """The event in words; an action without a description (a new one) says so in words."""
    text = DESCRIPTIONS.get(action)
    return str(text) if text is not None else _("Other event")


def describe_target(target_type: str) -> str:
    """What kind of record an event concerns, in words (the model's own name)."""
    if not target_type:
        return ""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return _("Other record")
    return str(model._meta.verbose_name).capitalize()
