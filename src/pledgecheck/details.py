"""Typed `details` of a safeguard, one model per family of kinds.

The JSON Schema picks the details model by the safeguard's `kind` (an if/then per family), so
an error in `details` is reported against the right fields, never as "not valid under any of
the given schemas".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from pledgecheck.date_types import PartialDate
from pledgecheck.vocabulary import Authority, HashList, Prohibition, ReviewCadence


class Details(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)  # types as the schema has them

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(value is None for value in data.values()):
            raise ValueError("a detail is null; omit the key instead")
        return data

    notes: str = Field("", description="Free-text notes for reviewers.", examples=["Since Q3 2025."])
    disclosure: Literal["public", "coalition", "internal"] | None = Field(
        None,
        description=(
            "Who may read these details (public, coalition or internal); inherits the safeguard's tier and can "
            "only be stricter. Withheld details read as not stated."
        ),
        examples=["coalition"],
    )
    notes_disclosure: Literal["public", "coalition", "internal"] | None = Field(
        None,
        description="Who may read `notes` (public, coalition or internal); inherits the details' tier, only stricter.",
        examples=["internal"],
    )


class SourceVettingDetails(Details):
    """Training-data sources assessed for known CSAM/CSEM risk."""

    excluded_datasets: list[str] = Field(
        default_factory=list,
        description="Datasets excluded because experts flagged them as at risk.",
        examples=[["LAION-5B"]],
    )


class DetectionDetails(Details):
    """Hash matching and classifiers, wherever they run."""

    hash_lists: list[HashList] = Field(
        default_factory=list,
        description="Known-CSAM hash lists matched against.",
        examples=[["ncmec", "iwf"]],
    )
    classifiers: list[str] = Field(
        default_factory=list,
        description="Classifiers used to find unknown material (names or short descriptions).",
        examples=[["novel CSAM image classifier"]],
    )


class ReportingDetails(Details):
    """Reporting confirmed material to an authority."""

    authorities: list[Authority] = Field(
        default_factory=list, description="Authorities reported to.", examples=[["ncmec"]]
    )
    generative_ai_annotation: StrictBool | None = Field(
        None, description="Reports flag material involving generative AI.", examples=[True]
    )
    reports_made: StrictInt | None = Field(
        None, ge=0, description="Reports made in the period a public report covers.", examples=[1200]
    )
    reporting_period: str = Field("", description="The period `reports_made` covers.", examples=["2025"])
    retention_days: StrictInt | None = Field(
        None, ge=0, description="Days report contents are preserved.", examples=[365]
    )


class SeparationDetails(Details):
    """Keeping depictions of children apart from adult sexual content."""

    approach: list[Literal["adult-content-removed", "minor-depictions-removed", "concept-suppression"]] = Field(
        default_factory=list,
        description="How the training set keeps the two apart.",
        examples=[["adult-content-removed"]],
    )


class PolicyDetails(Details):
    """A written policy: training data, usage, third-party models, deceptive use."""

    url: str = Field("", description="Where the policy is published.", examples=["https://example.org/aup"])
    prohibits: list[Prohibition] = Field(
        default_factory=list,
        description="What the policy explicitly prohibits.",
        examples=[["csam", "aig-csam"]],
    )
    last_reviewed: PartialDate | None = Field(None, description="When the policy was last reviewed.")


class RedTeamExercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)  # types as the schema has them

    date: PartialDate | None = Field(None, description="When the exercise ended (omit when not stated).")
    scope: str = Field("", description="What was tested.", examples=["image model v3, prompt attacks"])
    external_participants: list[str] = Field(
        default_factory=list,
        description="Outside organisations that took part.",
        examples=[["Thorn"]],
    )


class RedTeamDetails(Details):
    """Child-safety red teaming."""

    exercises: list[RedTeamExercise] = Field(default_factory=list, description="Exercises carried out, newest first.")
    cadence: ReviewCadence | None = Field(None, description="How often exercises run.", examples=["per-release"])


class ReviewDetails(Details):
    """A recurring review: red-team feedback, mitigation maintenance."""

    cadence: ReviewCadence | None = Field(None, description="How often the review runs.", examples=["quarterly"])
    last_review: PartialDate | None = Field(None, description="When the last review ended.")


class PartnersDetails(Details):
    """Outside experts, research partners, intelligence vendors."""

    partners: list[str] = Field(default_factory=list, description="Organisations involved.", examples=[["Thorn"]])
    topics: list[str] = Field(default_factory=list, description="Subjects covered.", examples=[["new harm vectors"]])


class ProvenanceDetails(Details):
    """Provenance, watermarking and detection of generated media."""

    methods: list[Literal["c2pa", "iptc-metadata", "invisible-watermark", "fingerprinting", "other"]] = Field(
        default_factory=list, description="Techniques used.", examples=[["c2pa"]]
    )
    on_by_default: StrictBool | None = Field(
        None, description="Applied to every output without opt-in.", examples=[True]
    )
    tested_against_stripping: StrictBool | None = Field(
        None,
        description="Robustness to stripping and tampering has been tested.",
        examples=[True],
    )
    availability: Literal["internal", "partners", "public"] | None = Field(
        None, description="Who can use the detector (for detection tools).", examples=["partners"]
    )


class UserReportingDetails(Details):
    """How users report content and how fast reports are handled."""

    channels: list[Literal["in-product", "web-form", "email", "api"]] = Field(
        default_factory=list, description="Ways to report.", examples=[["in-product"]]
    )
    response_target_hours: StrictInt | None = Field(
        None, ge=0, description="Target hours to act on a report.", examples=[24]
    )


class EnforcementDetails(Details):
    actions: list[Literal["warning", "content-removal", "suspension", "ban", "referral"]] = Field(
        default_factory=list, description="Actions taken against violators.", examples=[["ban"]]
    )


class PreventionDetails(Details):
    help_services: list[str] = Field(
        default_factory=list,
        description="Help services the messages point to.",
        examples=[["Stop It Now"]],
    )


class AgeAssuranceDetails(Details):
    methods: list[Literal["self-declaration", "age-estimation", "id-verification", "payment-card", "other"]] = Field(
        default_factory=list, description="How age is checked.", examples=[["age-estimation"]]
    )
    minimum_age: StrictInt | None = Field(None, ge=0, description="Minimum age admitted.", examples=[18])


class DeploymentDetails(Details):
    """Release gating and staged rollout."""

    gates_release: StrictBool | None = Field(
        None, description="A failed evaluation blocks the release.", examples=[True]
    )
    phases: StrictInt | None = Field(None, ge=0, description="Number of rollout phases.", examples=[3])
    abuse_monitoring: StrictBool | None = Field(None, description="Abuse is monitored during rollout.", examples=[True])


class TakedownDetails(Details):
    """Removing prohibited models, services and tools."""

    target_hours: StrictInt | None = Field(None, ge=0, description="Target hours to take down.", examples=[24])
    removes_from: list[Literal["platform", "search", "app-store", "api"]] = Field(
        default_factory=list, description="Where removal applies.", examples=[["platform"]]
    )
    removed_count: StrictInt | None = Field(
        None, ge=0, description="Models, services or tools removed in the period reported.", examples=[340]
    )


class DocumentationDetails(Details):
    """Model cards and developer guidance."""

    urls: list[str] = Field(
        default_factory=list,
        description="Where the documents are published.",
        examples=[["https://example.org/model-card"]],
    )


class SearchDetails(Details):
    removes_results: StrictBool | None = Field(None, description="Such tools are removed from results.")
    deters_queries: StrictBool | None = Field(
        None, description="Related queries get deterrence messages.", examples=[True]
    )


#: details model -> the kinds that use it; kinds not listed use the plain `Details`.
DETAILS_BY_MODEL: dict[type[Details], tuple[str, ...]] = {
    SourceVettingDetails: ("training-data-source-vetting",),
    DetectionDetails: (
        "training-data-hash-matching", "training-data-classification", "input-detection",
        "output-detection", "platform-csam-detection", "third-party-model-review",
    ),
    ReportingDetails: ("training-data-reporting", "authority-reporting"),
    SeparationDetails: ("child-adult-content-separation",),
    PolicyDetails: (
        "training-data-policy", "usage-policy", "third-party-model-policy",
        "deceptive-use-prohibition",
    ),
    RedTeamDetails: ("child-safety-red-teaming",),
    ReviewDetails: ("red-team-feedback-loop", "mitigation-maintenance"),
    PartnersDetails: (
        "external-expert-engagement", "research-investment", "threat-intelligence",
        "content-protection-tools",
    ),
    ProvenanceDetails: ("content-provenance", "invisible-watermarking", "synthetic-media-detection"),
    UserReportingDetails: ("user-reporting",),
    EnforcementDetails: ("enforcement",),
    PreventionDetails: ("prevention-messaging",),
    AgeAssuranceDetails: ("age-assurance",),
    DeploymentDetails: ("pre-release-evaluation", "phased-deployment"),
    TakedownDetails: ("model-takedown", "harmful-tool-removal"),
    DocumentationDetails: ("model-card-child-safety", "developer-guidance"),
    SearchDetails: ("search-deterrence",),
    Details: ("progress-reporting",),
}  # fmt: skip

DETAILS_FOR_KIND: dict[str, type[Details]] = {
    kind: model for model, kinds in DETAILS_BY_MODEL.items() for kind in kinds
}
