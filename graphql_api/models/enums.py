"""Enumerations stored as text; the GraphQL enums are views of these."""

from enum import StrEnum


class StaffRole(StrEnum):
    ADMIN = "ADMIN"
    SALES_REP = "SALES_REP"


class CompanyStatus(StrEnum):
    CURRENT = "CURRENT"
    PROSPECT = "PROSPECT"


class Temperature(StrEnum):
    HOT = "HOT"
    WARM = "WARM"
    COLD = "COLD"
    NOT_INTERESTED = "NOT_INTERESTED"


class NotePriority(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    NONE = "NONE"


class AddressKind(StrEnum):
    MAIN = "MAIN"
    BILLING = "BILLING"
    SHIPPING = "SHIPPING"


class TaxIdKind(StrEnum):
    CNPJ = "CNPJ"
    CPF = "CPF"
    IE = "IE"
    IM = "IM"
    VAT = "VAT"


class CustomFieldType(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    CHOICE = "CHOICE"


class CustomFieldTarget(StrEnum):
    COMPANY = "COMPANY"
    CONTACT = "CONTACT"


class AccessState(StrEnum):
    NOT_CREATED = "NOT_CREATED"
    INVITED = "INVITED"
    ACTIVE = "ACTIVE"
    BLOCKED = "BLOCKED"


class ApprovalStatus(StrEnum):
    NEW = "NEW"
    VALIDATED = "VALIDATED"
    CANCELLED = "CANCELLED"


class RegistrationMode(StrEnum):
    OPEN = "OPEN"
    WITH_APPROVAL = "WITH_APPROVAL"
    INVITE_ONLY = "INVITE_ONLY"


class CatalogVisibility(StrEnum):
    PUBLIC = "PUBLIC"
    PRIVATE = "PRIVATE"


class PriceVisibility(StrEnum):
    EVERYONE = "EVERYONE"
    LOGGED_IN = "LOGGED_IN"
    HIDDEN = "HIDDEN"


class TokenPurpose(StrEnum):
    INVITATION = "INVITATION"
    RESET = "RESET"
    CLAIM = "CLAIM"


class NotificationState(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


# Sort rank of note priorities: HIGH first. Kept beside the enum so every ordering agrees.
NOTE_PRIORITY_RANK = {NotePriority.HIGH: 0, NotePriority.MEDIUM: 1, NotePriority.NONE: 2}


class PriceVisibilityReason(StrEnum):
    VISIBLE = "VISIBLE"
    LOGIN_REQUIRED = "LOGIN_REQUIRED"
    ON_REQUEST = "ON_REQUEST"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    ROLE_REQUIRED = "ROLE_REQUIRED"
