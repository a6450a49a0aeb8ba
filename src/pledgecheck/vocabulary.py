"""The controlled vocabulary of manifests: enum literals and the safeguard kinds.

Kinds follow the mitigation catalogue of the Safety by Design principles (see DOMAIN.md);
they are kebab-case and stable once released, because policy packs refer to them.
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["model-developer", "model-host", "application-provider", "search-engine", "content-platform"]
Modality = Literal["text", "image", "video", "audio", "code", "3d"]
ReleaseType = Literal["hosted-api", "consumer-product", "open-weights", "internal"]
Lifecycle = Literal["in-development", "preview", "generally-available", "retired"]
Audience = Literal["general", "adults-only"]
#: "ongoing": a page updated continuously rather than reports on a fixed cycle.
Cadence = Literal["quarterly", "semiannual", "yearly", "ongoing"]
ReviewCadence = Literal["per-release", "monthly", "quarterly", "semiannual", "yearly"]
SafeguardStatus = Literal["implemented", "partial", "planned", "not-applicable"]
#: "secondary-source": a third party (e.g. a news report) quoting the organisation.
Assurance = Literal["secondary-source", "self-attested", "publicly-documented", "independently-audited"]
EvidenceKind = Literal[
    "policy",
    "report",
    "transparency-report",
    "audit",
    "model-card",
    "documentation",
    "test-result",
    "other",
]
HashList = Literal["ncmec", "iwf", "thorn-safer", "photodna", "internal", "other"]
Prohibition = Literal[
    "csam",
    "aig-csam",
    "csem",
    "sextortion",
    "grooming",
    "nudify",
    "aig-csam-models",
    "minor-impersonation",
    "sexualised-roleplay-with-minors",
    "ncii",
    "trafficking",
]
Authority = Literal["ncmec", "iwf", "canadian-centre", "esafety", "national-police", "other"]

#: safeguard statuses, most advanced first (the engine and `diff` rank by it)
SAFEGUARD_STATUS_RANK: dict[str, int] = {status: rank for rank, status in enumerate(get_args(SafeguardStatus))}

ASSURANCE_RANK: dict[str, int] = {
    "secondary-source": 0,
    "self-attested": 1,
    "publicly-documented": 2,
    "independently-audited": 3,
}

#: kind -> (principle, one-line meaning). The order is the catalogue's.
SAFEGUARD_KINDS: dict[str, tuple[str, str]] = {
    "training-data-source-vetting": ("DEV1", "datasets at known risk of CSAM/CSEM are assessed and excluded"),
    "training-data-hash-matching": ("DEV1", "training data matched against known-CSAM hash lists at ingestion"),
    "training-data-classification": ("DEV1", "classifiers find unknown CSAM/CSEM in training data"),
    "training-data-reporting": ("DEV1", "confirmed CSAM in training data reported and preserved"),
    "child-adult-content-separation": ("DEV1", "depictions of children kept apart from adult sexual content"),
    "training-data-policy": ("DEV1", "written policy for training data and model development"),
    "child-safety-red-teaming": ("DEV2", "structured, repeated stress tests for AIG-CSAM/CSEM capability"),
    "red-team-feedback-loop": ("DEV2", "red-team findings fed back into training and safeguards"),
    "external-expert-engagement": ("DEV2", "outside child-safety experts take part"),
    "content-provenance": ("DEV3", "C2PA credentials or equivalent signed metadata on generated media"),
    "invisible-watermarking": ("DEV3", "imperceptible watermark, tested against stripping"),
    "synthetic-media-detection": ("DEV3", "a detector for the system's own outputs"),
    "input-detection": ("DEP1", "CSAM/CSEM and solicitation detected in prompts and uploads"),
    "output-detection": ("DEP1", "abusive outputs detected and blocked"),
    "user-reporting": ("DEP1", "in-product reporting or flagging with a response process"),
    "enforcement": ("DEP1", "warnings, removal, suspension, bans"),
    "prevention-messaging": ("DEP1", "deterrence messages pointing to help services"),
    "usage-policy": ("DEP1", "terms prohibiting use of the models to sexually harm children"),
    "age-assurance": ("DEP1", "age checks where the product is adults-only"),
    "pre-release-evaluation": ("DEP2", "child-safety evaluation gates the release of first-party models"),
    "phased-deployment": ("DEP2", "staged rollout with abuse monitoring"),
    "third-party-model-policy": ("DEP2", "rules banning models built or tuned to produce AIG-CSAM"),
    "third-party-model-review": ("DEP2", "review and detection of prohibited model uploads"),
    "model-takedown": ("DEP2", "takedown process with a target time"),
    "model-card-child-safety": ("DEP3", "model cards with a child-safety section"),
    "developer-guidance": ("DEP3", "guidance and tools for developers building on the models"),
    "harmful-tool-removal": ("MNT1", "nudify services and AIG-CSAM models removed from the platform"),
    "search-deterrence": ("MNT1", "such tools removed from search results; searches deterred"),
    "research-investment": ("MNT2", "research on new harm vectors and countermeasures"),
    "threat-intelligence": ("MNT2", "monitoring of offender communities (OSINT)"),
    "content-protection-tools": ("MNT2", "tools that protect people's images from AI manipulation"),
    "mitigation-maintenance": ("MNT2", "classifiers and mitigations reviewed on a cadence"),
    "platform-csam-detection": ("MNT3", "CSAM, AIG-CSAM and CSEM detected and removed on the platform"),
    "authority-reporting": ("MNT3", "reports to NCMEC or the national authority, with preservation"),
    "deceptive-use-prohibition": ("MNT3", "deceptive uses to sexually harm children disallowed and acted on"),
    "progress-reporting": ("TRN", "public progress reports at the promised cadence"),
}  # fmt: skip

PRINCIPLES: dict[str, tuple[str, str]] = {
    "DEV1": ("develop", "Responsibly source and safeguard training data"),
    "DEV2": ("develop", "Build in feedback loops and iterative stress testing"),
    "DEV3": ("develop", "Use content provenance with adversarial misuse in mind"),
    "DEP1": ("deploy", "Safeguard products and services from abusive content and conduct"),
    "DEP2": ("deploy", "Host models responsibly"),
    "DEP3": ("deploy", "Encourage developer ownership of safety by design"),
    "MNT1": ("maintain", "Prevent services from scaling access to harmful tools"),
    "MNT2": ("maintain", "Invest in research and future technology"),
    "MNT3": ("maintain", "Fight CSAM, AIG-CSAM and CSEM on the platform"),
    "TRN": ("transparency", "Publish progress against the principles"),
}
PILLARS = ("develop", "deploy", "maintain", "transparency")
